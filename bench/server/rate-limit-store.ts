// `npx tsx bench/server/rate-limit-store.ts`: what counting the rate limits in the database
// costs against counting them in memory, in process (app.inject, no sockets), on SQLite and
// on PostgreSQL (TEST_POSTGRES_URL); `-- postgres` for one of them. Prints µs per request, the median of three runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app';
import { migrateToLatest } from '../../server/db/migrate';
import { openDatabase, type DialectName } from '../../server/db/open';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import type { RateLimitStore } from '../../server/http/rate-limits';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import { sampleEnvelope } from '../../tests/support/sample-envelope';
import { freshPostgresSchema } from '../lib/postgres';

const LOOKUPS = 2000;
const PUTS = 300;
const RUNS = 3;
const KEY = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(dialect: DialectName, store: RateLimitStore | 'off') {
  const postgres = dialect === 'postgres' ? await freshPostgresSchema() : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-bench-rl-'));
  const database = openDatabase(postgres?.url ?? `sqlite:${path.join(dir, 'sahej.db')}`);
  await migrateToLatest(database);
  // A limit nobody reaches: every request is counted and let through.
  const limit = store === 'off' ? null : { max: 1e9, windowSeconds: 60 };
  const app = await buildApp({
    database,
    documents: new FileDocumentStore(path.join(dir, 'documents')),
    rateLimits: { enroll: null, login: null, otp: null, receipts: limit },
    ...(store === 'off' ? {} : { rateLimitStore: store }),
  });
  const { code } = await createEnrollmentCode(database.db, 'LKO1');
  const device = await enrollDevice(database.db, { code, publicKeyJwk: KEY });
  const lookup = () => app.inject({ method: 'GET', url: '/api/v1/receipts/LKO1-D01-000001' });
  const put = () => {
    const envelope = sampleEnvelope({ deviceId: device.deviceId });
    return app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
  };
  const timed = async (count: number, request: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) await request();
    return Number(process.hrtime.bigint() - start) / 1000 / count;
  };
  await timed(200, lookup);
  const lookups: number[] = [];
  const mixed: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    lookups.push(await timed(LOOKUPS, lookup));
    // A filing and a limited lookup at once: the lookup's count is a write beside the filing's.
    mixed.push(await timed(PUTS, () => Promise.all([put(), lookup()])));
  }
  await app.close();
  await database.close();
  await postgres?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { dialect, store, lookupUs: Math.round(median(lookups)), putWithLookupUs: Math.round(median(mixed)) };
}

const rows = [];
const dialects = process.argv.slice(2).filter((name): name is DialectName => name === 'sqlite' || name === 'postgres');
for (const dialect of dialects.length ? dialects : (['sqlite', 'postgres'] as const)) for (const store of ['off', 'memory', 'database'] as const) rows.push(await measure(dialect, store));
console.table(rows);
