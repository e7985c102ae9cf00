import fs from 'node:fs';
import { monotonicFactory } from 'ulid';
import { indiaDay } from '../../src/domain/dates';
import { SCHEMA_VERSION } from '../../src/domain/envelope';
import { ServerProcess } from '../../scripts/server-process';
import { sampleData, sampleDocuments } from '../../tests/support/sample-envelope';
import { buildApp as buildDist } from '../lib/app-session';
import { peakRss } from '../lib/peak-rss';
import { judged, round, type BenchRecord } from '../lib/records';

const PASSWORD = 'bench password 1';

async function load(server: ServerProcess, token: string, deviceId: string, count: number): Promise<void> {
  const nextId = monotonicFactory();
  const capturedAt = new Date().toISOString();
  const data = sampleData('new_connection', indiaDay(capturedAt), 'सीता देवी');
  for (let done = 0; done < count; done += 100) {
    const items = Array.from({ length: Math.min(100, count - done) }, () => ({ id: nextId(), schemaVersion: SCHEMA_VERSION, type: 'new_connection', data, documents: sampleDocuments('new_connection'), capturedAt, deviceId, operatorId: 'op-1' }));
    const response = await fetch(`${server.url}/api/v1/applications/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ items }) });
    if (response.status !== 200) throw new Error(`batch refused: ${response.status}`);
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Exports the whole backlog and reads it as a slow client would not: as fast as it comes. */
async function exportOnce(server: ServerProcess, cookie: string): Promise<{ rows: number; ms: number; peakMb: number; baseMb: number }> {
  const baseMb = rssMb(server.pid!);
  const started = performance.now();
  const { result: rows, peakMb } = await peakRss(server.pid, async () => {
    const response = await fetch(`${server.url}/api/v1/office/export.csv`, { headers: { cookie } });
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) for (const byte of chunk) if (byte === 10) lines++;
    return lines - 1;
  });
  return { rows, ms: performance.now() - started, peakMb, baseMb };
}

/**
 * The office's CSV export: rows a second, and the server's memory while it streams 10,000
 * and then 100,000 rows — it should not grow with the list.
 */
export async function benchCsvExport(): Promise<BenchRecord[]> {
  const server = await ServerProcess.start(await buildDist(), { LOG_LEVEL: 'warn' });
  try {
    const device = await server.enrollDevice();
    process.env.SAHEJ_PASSWORD = PASSWORD;
    await server.cli('create-user', 'bench', '--role', 'officer', '--office', 'LKO1');
    const login = await fetch(`${server.url}/api/v1/office/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await load(server, device.token, device.deviceId, 10_000);
    const small = await exportOnce(server, cookie);
    await load(server, device.token, device.deviceId, 90_000);
    const large = await exportOnce(server, cookie);
    if (small.rows !== 10_000 || large.rows !== 100_000) throw new Error(`exported ${small.rows} and ${large.rows} rows`);
    const growth = large.peakMb - large.baseMb - (small.peakMb - small.baseMb);
    return [
      { name: 'office CSV export: rows a second (100,000 rows)', value: Math.round(large.rows / (large.ms / 1000)), unit: 'rows/s', runs: 1 },
      { name: 'office CSV export: server RSS above idle, 10,000 rows', value: round(small.peakMb - small.baseMb), unit: 'MB', runs: 1 },
      judged({ name: 'office CSV export: extra RSS for 10× the rows (100,000 vs 10,000)', value: round(growth), unit: 'MB', runs: 1, note: `peak ${round(large.peakMb)} MB with 100,000 rows` }, { atMost: 20 }),
    ];
  } finally {
    await server.stop();
  }
}
