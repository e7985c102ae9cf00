import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { monotonicFactory } from 'ulid';
import { indiaDay } from '../../src/domain/dates';
import { SCHEMA_VERSION } from '../../src/domain/envelope';
import { ServerProcess } from '../../scripts/server-process';
import { defaultPrepareWorkers } from '../../server/workers/prepare-workers';
import { sampleData, sampleDocuments } from '../../tests/support/sample-envelope';
import { buildApp as buildDist } from '../lib/app-session';
import { mainThreadStat, measureCpu, processStat, withoutGenerator, type CpuMeasure } from '../lib/cpu';
import { BENCH_POSTGRES_URL, freshPostgresSchema } from '../lib/postgres';
import { peakRss } from '../lib/peak-rss';
import { judged, median, round, type BenchRecord } from '../lib/records';
import { rawPostgresInserts, rawSqliteInserts } from './raw-inserts';

const RUNS = 3;
const SECONDS = 8;
const BATCH = 100;

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

/** The three kinds of request the loads send, as one enrolled device. */
function requestsOf(device: { deviceId: string; token: string }) {
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
    setupRequest: (request: autocannon.Request) => ({ ...request, body: `{"items":[${Array.from({ length: BATCH }, () => next().body).join(',')}]}` }),
  };
  return { headers, put, batch };
}

/** The PostgreSQL backends serving this database's connections (the servers' pools). */
async function backendStats(): Promise<string[]> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'");
    return rows.map((row) => processStat(row.pid));
  } finally {
    await client.end();
  }
}

/** One timed load: its rate (autocannon's per-second average), what it stored, and the CPU each side spent. */
interface Load {
  rate: number;
  applications: number;
  cpu: CpuMeasure<unknown>;
  peakMb: number;
  processes: number;
}

async function load(servers: ServerProcess[], postgres: boolean, perRequest: number, options: Omit<autocannon.Options, 'url'>): Promise<Load> {
  const groups = {
    server: () => servers.map((server) => processStat(server.pid!)),
    // The event loop's thread: near one core's worth of the run means the server is bound by it.
    serverMain: () => servers.map((server) => mainThreadStat(server.pid!)),
    postgres: postgres ? backendStats : () => [],
  };
  // autocannon 8 takes several URLs and gives connection i the URL i mod n (lib/run.js,
  // initialiseClients); its type declarations only say string.
  const url = (servers.length === 1 ? servers[0]!.url : servers.map((server) => server.url)) as string;
  const measured = await peakRss(servers[0]!.pid, () => measureCpu(groups, () => autocannon({ ...options, url, duration: SECONDS })));
  const result = measured.result.result;
  if (result.non2xx || result.errors) throw new Error(`load failed: ${result.non2xx} non-2xx, ${result.errors} errors; status codes ${JSON.stringify(result.statusCodeStats)}`);
  return { rate: result.requests.average * perRequest, applications: result.requests.total * perRequest, cpu: measured.result, peakMb: measured.peakMb, processes: servers.length };
}

/** Medians over the runs of one kind of load, and the note that says where its CPU went. */
function summary(loads: Load[]) {
  const perApp = (seconds: (load: Load) => number) => round(median(loads.map((one) => (seconds(one) / one.applications) * 1e6)));
  const share = (seconds: (load: Load) => number) => round(median(loads.map((one) => seconds(one) / (one.cpu.wallSeconds * one.cpu.cores))) * 100, 0);
  const ours = (one: Load) => one.cpu.generatorSeconds + one.cpu.groups.server! + one.cpu.groups.postgres!;
  const server = perApp((one) => one.cpu.groups.server!);
  const postgres = perApp((one) => one.cpu.groups.postgres!);
  const generator = perApp((one) => one.cpu.generatorSeconds);
  const mainThread = round(median(loads.map((one) => one.cpu.groups.serverMain! / one.cpu.wallSeconds / one.processes)) * 100, 0);
  return {
    rate: median(loads.map((one) => one.rate)),
    withoutGenerator: median(loads.map((one) => withoutGenerator(one.applications, one.cpu))),
    serverCpuPerApp: round(server + postgres),
    mainThread,
    note:
      `server main thread (event loop) busy ${mainThread} % of one core (each process); ` +
      `CPU an application: server ${server} µs${postgres ? `, PostgreSQL backends ${postgres} µs` : ''}, load generator ${generator} µs; ` +
      `of ${loads[0]!.cpu.cores} cores' time: generator ${share((one) => one.cpu.generatorSeconds)} %, server ${share((one) => one.cpu.groups.server!)} %` +
      `${postgres ? `, PostgreSQL backends ${share((one) => one.cpu.groups.postgres!)} %` : ''}, other work on the machine ${share((one) => Math.max(0, one.cpu.machineSeconds - ours(one)))} %, idle ${share((one) => Math.max(0, one.cpu.wallSeconds * one.cpu.cores - one.cpu.machineSeconds))} %; ` +
      `load average ${loads.map((one) => round(one.cpu.load, 2)).join(', ')}`,
  };
}

/** The server's figure divided by the raw engine's measured in the same run. */
function ratio(name: string, server: number, raw: { name: string; value: number; unit: string }, atLeast?: number): BenchRecord {
  const record = { name, value: round(server / raw.value, 2), unit: '×', runs: RUNS, reference: raw, note: `${Math.round(server)} ÷ ${raw.value}` };
  return atLeast === undefined ? record : judged(record, { atLeast });
}

/**
 * Durable writes over HTTP on loopback, the load generator on the same 2 cores: single
 * PUTs as fast as they go, latency at a fixed 1,000 requests/s, and batches of 100; each
 * beside the raw engine measured in the same run, with the CPU time every side spent. On
 * PostgreSQL, batches also go round-robin to two server processes on the same schema.
 */
export async function benchHttpWrites(dialect: 'sqlite' | 'postgres'): Promise<BenchRecord[]> {
  const postgres = dialect === 'postgres' ? await freshPostgresSchema() : undefined;
  if (dialect === 'postgres' && !postgres) return [];
  const dist = await buildDist();
  const env = { LOG_LEVEL: 'warn', ...(postgres ? { DATABASE_URL: postgres.url } : {}) };
  const server = await ServerProcess.start(dist, env);
  let second: ServerProcess | undefined;
  let inline: ServerProcess | undefined;
  const sqliteOnly = dialect === 'sqlite';
  try {
    const { headers, put, batch } = requestsOf(await server.enrollDevice());
    // On SQLite a second server validates on its event loop's thread (PREPARE_WORKERS=0),
    // measured alternately with the first, so the worker pool's effect is read in one run.
    inline = sqliteOnly ? await ServerProcess.start(dist, { ...env, PREPARE_WORKERS: '0' }) : undefined;
    const inlineRequests = inline ? requestsOf(await inline.enrollDevice()) : undefined;

    const puts: Load[] = [];
    const batches: Load[] = [];
    const latency: number[] = [];
    const inlinePuts: Load[] = [];
    const inlineBatches: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      puts.push(await load([server], !!postgres, 1, { connections: 64, headers, requests: [put] }));
      const paced = await autocannon({ url: server.url, duration: SECONDS, connections: 32, overallRate: 1000, headers, requests: [put] });
      latency.push(paced.latency.p99);
      batches.push(await load([server], !!postgres, BATCH, { connections: 8, headers, requests: [batch] }));
      if (inline && inlineRequests) {
        inlinePuts.push(await load([inline], false, 1, { connections: 64, headers: inlineRequests.headers, requests: [inlineRequests.put] }));
        inlineBatches.push(await load([inline], false, BATCH, { connections: 8, headers: inlineRequests.headers, requests: [inlineRequests.batch] }));
      }
    }

    // Two processes on one schema, batches spread over both by connection; one process
    // measured alternately with them so that both see the same load from other work.
    const one: Load[] = [];
    const two: Load[] = [];
    if (postgres) {
      second = await ServerProcess.start(dist, env);
      for (let i = 0; i < RUNS; i++) {
        one.push(await load([server], true, BATCH, { connections: 8, headers, requests: [batch] }));
        two.push(await load([server, second], true, BATCH, { connections: 8, headers, requests: [batch] }));
      }
    }

    const rows = Number(
      dialect === 'sqlite'
        ? (await import('better-sqlite3').then(({ default: Database }) => new Database(server.dbPath, { readonly: true }).prepare('select count(*) as n from applications').get() as { n: number })).n
        : 0,
    );
    const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const rawOne = dialect === 'sqlite' ? rawSqliteInserts(1) : await rawPostgresInserts(postgres!.url, 1);
    const rawFifty = dialect === 'sqlite' ? rawSqliteInserts(50) : await rawPostgresInserts(postgres!.url, 50);
    const rawOneRef = { name: `raw ${label} insert, one commit a row`, value: Math.round(rawOne), unit: 'rows/s' };
    const rawFiftyRef = { name: `raw ${label} insert, 50 rows a commit`, value: Math.round(rawFifty), unit: 'rows/s' };
    const put$ = summary(puts);
    const batch$ = summary(batches);
    const sqlite = dialect === 'sqlite';
    const records: BenchRecord[] = [
      { name: `server (${label}): durable single PUTs over HTTP`, value: Math.round(put$.rate), unit: 'req/s', runs: RUNS, reference: rawOneRef, note: put$.note },
      ratio(`server (${label}): single PUTs ÷ raw one-commit-a-row`, put$.rate, rawOneRef, sqlite ? 1.0 : undefined),
      { name: `server (${label}): single PUTs, the generator's CPU subtracted`, value: Math.round(put$.withoutGenerator), unit: 'req/s', runs: RUNS, reference: rawOneRef, note: `${round(put$.withoutGenerator / rawOne, 2)}× raw; applications ÷ (wall − generator CPU ÷ cores)` },
      { name: `server (${label}): server CPU a single PUT`, value: put$.serverCpuPerApp, unit: 'µs', runs: RUNS, note: sqlite ? 'the server process, all its threads' : 'the server process and its PostgreSQL backends' },
      { name: `server (${label}): event loop thread busy, single PUTs`, value: put$.mainThread, unit: '% of a core', runs: RUNS, note: 'its utime + stime over the wall time: near 100 % means the one thread is the limit' },
      { name: `server (${label}): p99 latency at 1,000 PUTs/s`, value: round(median(latency)), unit: 'ms', runs: RUNS },
      { name: `server (${label}): applications through batches of 100`, value: Math.round(batch$.rate), unit: 'applications/s', runs: RUNS, reference: rawFiftyRef, note: batch$.note },
      ratio(`server (${label}): batches ÷ raw 50-rows-a-commit`, batch$.rate, rawFiftyRef, sqlite ? 0.25 : undefined),
      { name: `server (${label}): batches, the generator's CPU subtracted`, value: Math.round(batch$.withoutGenerator), unit: 'applications/s', runs: RUNS, reference: rawFiftyRef, note: `${round(batch$.withoutGenerator / rawFifty, 2)}× raw; applications ÷ (wall − generator CPU ÷ cores)` },
      { name: `server (${label}): server CPU an application in batches`, value: batch$.serverCpuPerApp, unit: 'µs', runs: RUNS, note: sqlite ? 'the server process, all its threads' : 'the server process and its PostgreSQL backends' },
      { name: `server (${label}): event loop thread busy, batches`, value: batch$.mainThread, unit: '% of a core', runs: RUNS, note: 'its utime + stime over the wall time: near 100 % means the one thread is the limit' },
      { name: `server (${label}): peak RSS under that load`, value: round(Math.max(...[...puts, ...batches].map((one) => one.peakMb))), unit: 'MB', runs: RUNS },
    ];
    if (sqlite) {
      records[0] = judged(records[0]!, { atLeast: 5000 });
      records[5] = judged(records[5]!, { atMost: 50 });
      records[6] = judged(records[6]!, { atLeast: 20_000 });
      records[0]!.note = `${rows} applications stored in the run; ${records[0]!.note}`;
      const inlinePut$ = summary(inlinePuts);
      const inlineBatch$ = summary(inlineBatches);
      const workers = `the default worker threads (${defaultPrepareWorkers()} on ${availableParallelism()} cores)`;
      records.push(
        { name: 'server (SQLite): single PUTs, no worker threads (alternating)', value: Math.round(inlinePut$.rate), unit: 'req/s', runs: RUNS, note: `PREPARE_WORKERS=0; ${inlinePut$.note}` },
        { name: 'server (SQLite): single PUTs, worker threads ÷ none', value: round(put$.rate / inlinePut$.rate, 2), unit: '×', runs: RUNS, note: `${workers}; server CPU a PUT ${put$.serverCpuPerApp} µs with them, ${inlinePut$.serverCpuPerApp} µs without` },
        { name: 'server (SQLite): batches, no worker threads (alternating)', value: Math.round(inlineBatch$.rate), unit: 'applications/s', runs: RUNS, note: `PREPARE_WORKERS=0; ${inlineBatch$.note}` },
        { name: 'server (SQLite): batches, worker threads ÷ none', value: round(batch$.rate / inlineBatch$.rate, 2), unit: '×', runs: RUNS, note: `${workers}; server CPU an application ${batch$.serverCpuPerApp} µs with them, ${inlineBatch$.serverCpuPerApp} µs without; event loop thread busy ${batch$.mainThread} % with them, ${inlineBatch$.mainThread} % without` },
      );
    }
    if (postgres) {
      const one$ = summary(one);
      const two$ = summary(two);
      const oneRecord = { name: 'server (PostgreSQL): batches, 1 process (alternating with 2)', value: Math.round(one$.rate), unit: 'applications/s', runs: RUNS, note: one$.note };
      records.push(
        oneRecord,
        { name: 'server (PostgreSQL): batches, 2 processes on one schema', value: Math.round(two$.rate), unit: 'applications/s', runs: RUNS, note: `8 connections round-robin over both; ${two$.note}` },
        judged({ name: 'server (PostgreSQL): 2 processes ÷ 1 process, batches', value: round(two$.rate / one$.rate, 2), unit: '×', runs: RUNS, reference: { name: oneRecord.name, value: oneRecord.value, unit: oneRecord.unit } }, { atLeast: 1.6 }),
        { name: "server (PostgreSQL): 2 processes ÷ 1, the generator's CPU subtracted", value: round(two$.withoutGenerator / one$.withoutGenerator, 2), unit: '×', runs: RUNS, note: `${Math.round(two$.withoutGenerator)} ÷ ${Math.round(one$.withoutGenerator)} applications/s; server CPU an application ${two$.serverCpuPerApp} µs (2) vs ${one$.serverCpuPerApp} µs (1)` },
      );
    }
    return records;
  } finally {
    await second?.stop();
    await inline?.stop();
    await server.stop();
    await postgres?.drop();
  }
}
