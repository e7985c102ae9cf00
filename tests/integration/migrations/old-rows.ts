import { afterEach, beforeEach } from 'vitest';
import type { Kysely } from 'kysely';
import { migrateTo } from '../../../server/db/migrate';
import type { Database, DialectName } from '../../../server/db/open';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

// Rows in the shape an older schema had, for the tests of one data migration each: the
// database is migrated only up to the migration before the one under test, filled, then
// taken one step further, and the rows read back are compared with what went in.

/** A fresh database (SQLite file or PostgreSQL schema) migrated up to and including `name`. */
export async function databaseAt(dialect: DialectName, name: string): Promise<{ test: TestDatabase; db: Kysely<any> }> {
  const test = await createTestDatabase(dialect, { migrate: false });
  try {
    await migrateTo(test.database, name);
  } catch (error) {
    await test.dispose();
    throw error;
  }
  return { test, db: test.database.db as unknown as Kysely<any> };
}

/**
 * For a describe block: opens a database migrated up to a named migration, and disposes of
 * it after each test.
 */
export function databasesAt(dialect: DialectName): (name: string) => Promise<{ test: TestDatabase; db: Kysely<any> }> {
  let opened: TestDatabase | undefined;
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });
  return async (name) => {
    const at = await databaseAt(dialect, name);
    opened = at.test;
    return at;
  };
}

/**
 * For a describe block: an empty database (no migration run) for each test, disposed after
 * it; each test migrates it as far as the rows it loads need.
 */
export function emptyDatabases(dialect: DialectName): () => Database {
  let test: TestDatabase | undefined;
  beforeEach(async () => {
    test = await createTestDatabase(dialect, { migrate: false });
  });
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });
  return () => test!.database;
}

/** One office and its devices, as 0001–0004 stored them. */
export async function officeWithDevices(db: Kysely<any>, code: string, deviceIds: string[]): Promise<void> {
  await db.insertInto('offices').values({ code, name: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
  for (const id of deviceIds) {
    await db.insertInto('devices').values({ id, office_code: code, label: null, token_hash: `h-${id}`, public_key_jwk: '{}', enrolled_at: '2026-01-01T00:00:00.000Z', revoked_at: null }).execute();
  }
}

/** A 26-character id that sorts by `n` (ids are ULIDs; the backfills page through them in key order). */
export function idOf(n: number): string {
  return `01J${String(n).padStart(23, '0')}`;
}

/** An `applications` row in the shape 0005 created (every column added later is nullable and left out). */
export function applicationRow(n: number, envelope: unknown, columns: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: idOf(n),
    application_no: `LKO1-${String(n).padStart(6, '0')}`,
    office_code: 'LKO1',
    device_id: 'LKO1-D01',
    type: 'new_connection',
    schema_version: 1,
    content_hash: String(n % 10).repeat(64),
    envelope: JSON.stringify(envelope),
    captured_at: '2026-04-01T06:00:00.000Z',
    received_at: '2026-04-02T00:00:00.000Z',
    status: 'received',
    ...columns,
  };
}

/** Inserts in slices (a statement has a bounded number of parameters). */
export async function insertAll(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await db.insertInto(table).values(rows.slice(i, i + 100)).execute();
}

export async function allApplications(db: Kysely<any>): Promise<Record<string, unknown>[]> {
  return (await db.selectFrom('applications').selectAll().orderBy('id').execute()) as Record<string, unknown>[];
}

/** A row without the named columns: what a migration must not have touched. */
export function without(columns: string[]): (row: Record<string, unknown>) => Record<string, unknown> {
  return (row) => Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

/** An `application_events` row of application `n` in the shape 0006 created. */
export function eventRow(n: number, kind: string, status: string | null, note: string | null, actor: string): Record<string, unknown> {
  return { application_id: idOf(n), office_code: 'LKO1', kind, status, note, actor, at: '2026-04-03T00:00:00.000Z' };
}
