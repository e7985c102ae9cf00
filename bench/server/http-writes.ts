import autocannon from 'autocannon';
import { monotonicFactory } from 'ulid';
import { indiaDay } from '../../src/domain/dates';
import { SCHEMA_VERSION } from '../../src/domain/envelope';
import { ServerProcess } from '../../scripts/server-process';
import { sampleData, sampleDocuments } from '../../tests/support/sample-envelope';
import { buildApp as buildDist } from '../lib/app-session';
import { freshPostgresSchema } from '../lib/postgres';
import { peakRss } from '../lib/peak-rss';
import { judged, median, round, type BenchRecord } from '../lib/records';
import { rawPostgresInserts, rawSqliteInserts } from './raw-inserts';

const RUNS = 3;
const SECONDS = 8;

/** Envelopes of one device, each with a new id: every request is a new, valid filing. */
function envelopeSource(deviceId: string) {
  const nextId = monotonicFactory();
  const capturedAt = new Date().toISOString();
  const template = JSON.stringify({
    id: '__ID__',
    schemaVersion: SCHEMA_VERSION,
    type: 'new_connection',
    data: sampleData('new_connection', indiaDay(capturedAt), 'सीता देवी'),
    // References only: the server notes these documents as still to come, as it would from a kiosk.
    documents: sampleDocuments('new_connection'),
    capturedAt,
    deviceId,
    operatorId: 'op-1',
  });
  return () => {
    const id = nextId();
    return { id, body: template.replace('__ID__', id) };
  };
}

async function run(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ ...options, duration: SECONDS });
}

/**
 * Durable writes over HTTP on loopback, the load generator on the same 2 cores: single
 * PUTs as fast as they go, latency at a fixed 1,000 requests/s, and batches of 100.
 */
export async function benchHttpWrites(dialect: 'sqlite' | 'postgres'): Promise<BenchRecord[]> {
  const postgres = dialect === 'postgres' ? await freshPostgresSchema() : undefined;
  if (dialect === 'postgres' && !postgres) return [];
  const server = await ServerProcess.start(await buildDist(), { LOG_LEVEL: 'warn', ...(postgres ? { DATABASE_URL: postgres.url } : {}) });
  try {
    const device = await server.enrollDevice();
    const next = envelopeSource(device.deviceId);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${device.token}` };
    const put = {
      method: 'PUT' as const,
      setupRequest: (request: autocannon.Request) => {
        const { id, body } = next();
        return { ...request, path: `/api/v1/applications/${id}`, body };
      },
    };
    const batch = {
      method: 'POST' as const,
      path: '/api/v1/applications/batch',
      setupRequest: (request: autocannon.Request) => ({ ...request, body: `{"items":[${Array.from({ length: 100 }, () => next().body).join(',')}]}` }),
    };

    const throughput: number[] = [];
    const latency: number[] = [];
    const batchRates: number[] = [];
    let peak = 0;
    for (let i = 0; i < RUNS; i++) {
      const flat = await peakRss(server.pid, () => run({ url: server.url, connections: 64, headers, requests: [put] }));
      if (flat.result.non2xx || flat.result.errors) throw new Error(`single PUTs failed: ${flat.result.non2xx} non-2xx, ${flat.result.errors} errors; status codes ${JSON.stringify(flat.result.statusCodeStats)}`);
      throughput.push(flat.result.requests.average);
      peak = Math.max(peak, flat.peakMb);
      const paced = await run({ url: server.url, connections: 32, overallRate: 1000, headers, requests: [put] });
      latency.push(paced.latency.p99);
      const batched = await peakRss(server.pid, () => run({ url: server.url, connections: 8, headers, requests: [batch] }));
      if (batched.result.non2xx || batched.result.errors) throw new Error(`batches failed: ${batched.result.non2xx} non-2xx`);
      batchRates.push(batched.result.requests.average * 100);
      peak = Math.max(peak, batched.peakMb);
    }
    const rows = Number(
      dialect === 'sqlite'
        ? (await import('better-sqlite3').then(({ default: Database }) => new Database(server.dbPath, { readonly: true }).prepare('select count(*) as n from applications').get() as { n: number })).n
        : 0,
    );
    const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const rawOne = dialect === 'sqlite' ? rawSqliteInserts(1) : await rawPostgresInserts(postgres!.url, 1);
    const rawFifty = dialect === 'sqlite' ? rawSqliteInserts(50) : await rawPostgresInserts(postgres!.url, 50);
    const reference = (name: string, value: number) => ({ name, value: Math.round(value), unit: 'rows/s' });
    const records: BenchRecord[] = [
      { name: `server (${label}): durable single PUTs over HTTP`, value: Math.round(median(throughput)), unit: 'req/s', runs: RUNS, reference: reference(`raw ${label} insert, one commit a row`, rawOne) },
      { name: `server (${label}): p99 latency at 1,000 PUTs/s`, value: round(median(latency)), unit: 'ms', runs: RUNS },
      { name: `server (${label}): applications through batches of 100`, value: Math.round(median(batchRates)), unit: 'applications/s', runs: RUNS, reference: reference(`raw ${label} insert, 50 rows a commit`, rawFifty) },
      { name: `server (${label}): peak RSS under that load`, value: round(peak), unit: 'MB', runs: RUNS },
    ];
    if (dialect === 'sqlite') {
      records[0] = judged(records[0]!, { atLeast: 5000 });
      records[1] = judged(records[1]!, { atMost: 50 });
      records[2] = judged(records[2]!, { atLeast: 20_000 });
      records[0]!.note = `${rows} applications stored in the run`;
    }
    return records;
  } finally {
    await server.stop();
    await postgres?.drop();
  }
}
