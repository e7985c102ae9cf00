/**
 * `npm run chaos [-- --seeds 1,2,3 --filings 200 --database both --no-baseline --processes 1]`
 *
 * `--processes 2` (PostgreSQL only) runs two server processes on the one database behind
 * the harness's own round-robin balancer, each killed on its own schedule; its results go
 * to chaos/results-processes-2.json, beside the one-process results.
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
    processes: { type: 'string', default: '1' },
    'time-limit': { type: 'string', default: '2400' },
    out: { type: 'string', default: path.join(root, 'chaos') },
  },
});

const seeds = values.seeds.split(',').map(Number);
const databases: ChaosDialect[] = values.database === 'both' ? ['sqlite', 'postgres'] : [values.database as ChaosDialect];
const filings = Number(values.filings);
const processes = Number(values.processes);
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`--processes must be a whole number from 1, not "${values.processes}"`);
  process.exit(2);
}
if (processes > 1 && databases.some((database) => database !== 'postgres')) {
  console.error('--processes above 1 needs --database postgres: several server processes share one PostgreSQL database (SQLite is one process)');
  process.exit(2);
}
if (processes > 1 && !values['no-baseline']) {
  console.error('--processes above 1 runs Sahej only; add --no-baseline');
  process.exit(2);
}
const outDir = values.out;
const distDir = await buildAppInto(path.join(root, '.tmp', 'chaos', 'dist'));

const verdicts: ChaosVerdict[] = [];
const resultsFile = processes > 1 ? `results-processes-${processes}.json` : 'results.json';
const save = () => fs.writeFileSync(path.join(outDir, resultsFile), `${JSON.stringify({ at: new Date().toISOString(), filings, ...(processes > 1 ? { processes } : {}), verdicts }, null, 2)}\n`);
fs.mkdirSync(outDir, { recursive: true });
// Seed by seed, both databases each time: a run cut short still has both columns.
for (const seed of seeds) {
  for (const database of databases) {
    const options = { seed, filings, database, distDir, outDir: path.join(outDir, 'runs'), timeLimitMs: Number(values['time-limit']) * 1000, processes };
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
