import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../../server/db/open';

/**
 * Everything the database holds, table by table, as a row count and a digest of the rows
 * (order ignored). `volatile` names columns a caller allows to change (per table), `skip`
 * whole tables.
 */
export async function databaseSnapshot(database: Database, volatile: Record<string, string[]> = {}, skip: string[] = []): Promise<Record<string, { rows: number; digest: string }>> {
  const tables =
    database.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(database.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(database.db);
  const result: Record<string, { rows: number; digest: string }> = {};
  for (const { name } of tables.rows) {
    if (skip.includes(name)) continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(database.db)).rows;
    const lines = rows.map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !volatile[name]?.includes(column)), (_key, value) => (typeof value === 'bigint' ? String(value) : value))).sort();
    result[name] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return result;
}

/** Every file under `dir` (recursively) with the SHA-256 of its bytes, sorted. */
export function filesWithHashes(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => `${path.relative(dir, file)} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`)
    .sort();
}
