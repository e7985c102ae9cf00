import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FORMATTER = 'src/domain/format-dates.ts';
// `toISOString().slice` cuts a UTC day or time: fine for arithmetic and ids, wrong for anything a
// person reads (a 3 a.m. IST filing would carry yesterday). These files use it for the former.
const UTC_CUT_ALLOWED = new Set([
  'src/domain/dates.ts', // the IST day by a fixed offset, and day arithmetic on calendar days
  'src/store/upgrades/v4-ledger.ts', // a frozen copy of indiaDay, as the upgrade first ran
  'server/db/migrations/0008-backfill-capture-day.ts', // frozen copies, as the migrations first ran
  'server/db/migrations/0020-backfill-fee-entries.ts',
  'server/keys/server-keys.ts', // a key id, never shown as a date
]);

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

it('formats dates, times and numbers for people only in the one formatter', () => {
  const offenders: string[] = [];
  for (const file of [...sources('src'), ...sources('server')]) {
    if (file === FORMATTER) continue;
    readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        // toLocaleLowerCase is case folding for search, not formatting.
        const localeFormat = /\.toLocale(Date|Time)?String\(/.test(line);
        const utcCut = /\.toISOString\(\)\.(slice|substring)\(/.test(line) && !UTC_CUT_ALLOWED.has(file);
        if (localeFormat || utcCut) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
  }
  expect(offenders, `use ${FORMATTER} instead`).toEqual([]);
});
