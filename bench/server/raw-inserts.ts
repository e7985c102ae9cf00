import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

const ROW = 'x'.repeat(1200);

/**
 * The floor under the server's figures, on the same file system: plain inserts of a row
 * the size of an envelope, `perCommit` rows a transaction, for `seconds` seconds.
 */
export function rawSqliteInserts(perCommit: number, seconds = 3): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-raw-'));
  const db = new BetterSqlite3(path.join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table rows (id text primary key, body text not null)');
    const insert = db.prepare('insert into rows (id, body) values (?, ?)');
    const commit = db.transaction((start: number) => {
      for (let i = 0; i < perCommit; i++) insert.run(`r${start + i}`, ROW);
    });
    let rows = 0;
    const until = Date.now() + seconds * 1000;
    const started = Date.now();
    while (Date.now() < until) {
      commit(rows);
      rows += perCommit;
    }
    return rows / ((Date.now() - started) / 1000);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same on PostgreSQL over one connection (what pgbench's simple insert does). */
export async function rawPostgresInserts(url: string, perCommit: number, seconds = 3): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table raw_rows (id text primary key, body text not null)');
    let rows = 0;
    const until = Date.now() + seconds * 1000;
    const started = Date.now();
    while (Date.now() < until) {
      await client.query('begin');
      for (let i = 0; i < perCommit; i++) await client.query('insert into raw_rows (id, body) values ($1, $2)', [`r${rows + i}`, ROW]);
      await client.query('commit');
      rows += perCommit;
    }
    return rows / ((Date.now() - started) / 1000);
  } finally {
    await client.query('drop table if exists raw_rows');
    await client.end();
  }
}
