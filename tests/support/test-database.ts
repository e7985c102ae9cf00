import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate';
import { openDatabase, type Database, type DialectName } from '../../server/db/open';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; in CI its absence is a failure, elsewhere a printed skip. */
async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL} is not reachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem && process.env.CI) throw new Error(`${postgresProblem} (CI=true: PostgreSQL tests must run)`);
/** Whether the PostgreSQL half of a suite runs (for suites that are not one per database). */
export const postgresAvailable = postgresProblem === null;
if (postgresProblem) console.warn(`Skipping the PostgreSQL half of the integration suite. ${postgresProblem}`);

export interface TestDatabase {
  dialect: DialectName;
  url: string;
  database: Database;
  /** A second, independent connection: proves what is durable, not what one connection caches. */
  openAnother(): Database;
  dispose(): Promise<void>;
}

/** A fresh database, migrated unless told not to: a new SQLite file, or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: DialectName, { migrate = true }: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-test-'));
    url = `sqlite:${path.join(dir, 'sahej.db')}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const separator = POSTGRES_URL.includes('?') ? '&' : '?';
    url = `${POSTGRES_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    cleanup = async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    };
  }
  const database = openDatabase(url);
  if (migrate) {
    // A migration that fails must not leave its schema or file behind for the next run.
    await migrateToLatest(database).catch(async (error: unknown) => {
      await database.close();
      await cleanup();
      throw error;
    });
  }
  const others: Database[] = [];
  return {
    dialect,
    url,
    database,
    openAnother() {
      const other = openDatabase(url);
      others.push(other);
      return other;
    },
    async dispose() {
      for (const other of others) await other.close();
      await database.close();
      await cleanup();
    },
  };
}

/** Runs the same suite against SQLite and PostgreSQL. */
export function describeEachDatabase(name: string, suite: (dialect: DialectName) => void): void {
  describe(`${name} [sqlite]`, () => suite('sqlite'));
  describe.skipIf(postgresProblem !== null)(`${name} [postgres]`, () => suite('postgres'));
}
