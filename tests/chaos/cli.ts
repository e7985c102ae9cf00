/**
 * `npm run chaos [-- --seeds 1,2,3 --filings 200 --database both --no-baseline]`
 *
 * Runs the chaos harness once per seed and database, and the off-the-shelf baseline on
 * the same schedule, prints one table and writes every verdict to chaos/results.json.
 * Exits 1 if Sahej lost, duplicated or altered anything in any run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppInto } from '../../scripts/build-app';
import { runBaseline } from './baseline-run';
import type { ChaosDialect } from './chaos-database';
import { runSahej } from './sahej-run';
import { formatTable } from './summary-table';
import type { ChaosVerdict } from './verdict';

const root = path.resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    filings: { type: 'string', default: '200' },
    database: { type: 'string', default: 'both' },
    'no-baseline': { type: 'boolean', default: false },
    'time-limit': { type: 'string', default: '2400' },
    out: { type: 'string', default: path.join(root, 'chaos') },
  },
});

const seeds = values.seeds.split(',').map(Number);
const databases: ChaosDialect[] = values.database === 'both' ? ['sqlite', 'postgres'] : [values.database as ChaosDialect];
const filings = Number(values.filings);
const outDir = values.out;
const distDir = await buildAppInto(path.join(root, '.tmp', 'chaos', 'dist'));

const verdicts: ChaosVerdict[] = [];
const save = () => fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), filings, verdicts }, null, 2)}\n`);
fs.mkdirSync(outDir, { recursive: true });
// Seed by seed, both databases each time: a run cut short still has both columns.
for (const seed of seeds) {
  for (const database of databases) {
    const options = { seed, filings, database, distDir, outDir: path.join(outDir, 'runs'), timeLimitMs: Number(values['time-limit']) * 1000 };
    const verdict = await runSahej(options);
    console.log(JSON.stringify(verdict));
    verdicts.push(verdict);
    save();
    if (!values['no-baseline']) {
      const baseline = await runBaseline(options);
      console.log(JSON.stringify(baseline));
      verdicts.push(baseline);
      save();
    }
  }
}
console.log(`\n${formatTable(verdicts)}`);
process.exit(verdicts.some((verdict) => verdict.runner === 'sahej' && !verdict.ok) ? 1 : 0);
