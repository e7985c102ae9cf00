// `npm run bench [name…]`: runs the benchmarks on this machine, writes bench/results.json
// (one record per figure) and prints a table. Targets are marked, never asserted.
import fs from 'node:fs';
import path from 'node:path';
import { benchAutosave } from './client/autosave';
import { benchBundle } from './client/bundle';
import { benchColdOpen } from './client/cold-open';
import { benchDrain } from './client/drain';
import { benchHeap } from './client/heap';
import { benchLighthouse } from './client/lighthouse';
import { benchLocalList } from './client/local-list';
import { benchSync2g } from './client/sync-2g';
import { benchBackupRestore } from './server/backup-restore';
import { benchCsvExport } from './server/csv-export';
import { benchFleet } from './server/fleet';
import { benchHttpWrites } from './server/http-writes';
import { benchSearch } from './server/search';
import { cleanBenchTmp } from './lib/app-session';
import { machine, printTable, type BenchRecord } from './lib/records';

const BENCHMARKS: Record<string, () => Promise<BenchRecord[]>> = {
  bundle: benchBundle,
  'cold-open': benchColdOpen,
  lighthouse: benchLighthouse,
  heap: benchHeap,
  autosave: benchAutosave,
  'local-list': benchLocalList,
  drain: benchDrain,
  'sync-2g': benchSync2g,
  'server-sqlite': () => benchHttpWrites('sqlite'),
  'server-postgres': () => benchHttpWrites('postgres'),
  'csv-export': benchCsvExport,
  'backup-restore': benchBackupRestore,
  fleet: benchFleet,
  search: benchSearch,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const records: BenchRecord[] = [];
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`· ${name}`);
  records.push(...(await run()));
}
cleanBenchTmp();

const file = path.join(import.meta.dirname, 'results.json');
const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { records: BenchRecord[] }).records : [];
// A partial run replaces only the figures it measured.
const merged = [...previous.filter((old) => !records.some((record) => record.name === old.name)), ...records];
fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), seconds: Math.round((Date.now() - started) / 1000), records: merged }, null, 2)}\n`);
console.log('');
printTable(records);
console.log(`\nWrote ${path.relative(process.cwd(), file)} in ${Math.round((Date.now() - started) / 1000)} s.`);
