import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { ServerProcess } from '../../scripts/server-process';
import { contentHash } from '../../src/domain/content-hash';
import { REQUESTS, type RequestType } from '../../src/domain/requests';
import { sampleEnvelopeOf } from '../support/sample-envelope';
import { chaosDatabase } from './chaos-database';
import { FaultProxy } from './fault-proxy';
import type { ChaosOptions } from './sahej-run';
import { SeededRandom } from './seeded-random';
import { ServerDisruptor } from './server-disruptor';
import { serverSnapshot } from './server-snapshot';
import { faultSummary, judge, saveVerdict, type ChaosVerdict, type DeviceFiling } from './verdict';

const TYPES: RequestType[] = ['new_connection', 'prepaid_to_postpaid', 'load_change', 'name_change'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The baseline page and its service worker, bundled with esbuild into `dir`. */
async function buildBaseline(dir: string): Promise<void> {
  const source = path.join(import.meta.dirname, 'baseline');
  fs.mkdirSync(dir, { recursive: true });
  await build({ entryPoints: { sw: path.join(source, 'sw.ts'), page: path.join(source, 'page.ts') }, bundle: true, format: 'esm', outdir: dir, logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' } });
  fs.copyFileSync(path.join(source, 'index.html'), path.join(dir, 'index.html'));
}

interface BaselineFiling {
  envelope: { id: string; documents: { sha256: string }[] };
  documents: { sha256: string; mime: string; base64: string }[];
  hash: string;
}

/** A valid filing of each type in turn, with documents of random bytes (distinct, like real photos). */
async function makeFiling(index: number, deviceId: string, random: SeededRandom): Promise<BaselineFiling> {
  const type = TYPES[index % TYPES.length]!;
  const envelope = sampleEnvelopeOf(type, { deviceId });
  const documents = REQUESTS[type].requiredDocuments.map((kind) => {
    // A JPEG's leading bytes (the server stores only what its bytes say is a document type), then noise.
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: random.int(60_000, 200_000) }, () => random.int(0, 255))]);
    return { kind, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), mime: 'image/jpeg' as const, size: bytes.length, base64: bytes.toString('base64') };
  });
  envelope.documents = documents.map(({ kind, sha256, mime, size }) => ({ kind, sha256, mime, size }));
  return { envelope, documents: documents.map(({ sha256, mime, base64 }) => ({ sha256, mime, base64 })), hash: await contentHash(envelope) };
}

async function openBaseline(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/baseline/index.html`);
  await page.waitForFunction(() => 'baselineReady' in window);
  await page.evaluate(async () => {
    await (window as unknown as { baselineReady: Promise<unknown> }).baselineReady;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
}

/**
 * The same run against the baseline: the same seed, so the same fault odds, kill times,
 * backup, restore and offline spell, with filings posted at the pace Sahej's operators
 * captured them. Ends when the server holds everything or after `waitMs`.
 */
export async function runBaseline(options: ChaosOptions & { paceMs?: number; waitMs?: number }): Promise<ChaosVerdict> {
  const log = options.log ?? ((line: string) => console.log(`[baseline ${options.database} ${options.seed}] ${line}`));
  const random = new SeededRandom(options.seed);
  const n = options.filings;
  const database = await chaosDatabase(options.database, options.seed);
  const server = await ServerProcess.start(options.distDir, { ...database.env, LOG_LEVEL: 'warn' });
  const databaseUrl = database.env.DATABASE_URL ?? `sqlite:${server.dbPath}`;
  const baselineDir = path.join(server.dir, 'baseline');
  await buildBaseline(baselineDir);
  const proxy = new FaultProxy({ seed: options.seed, targetPort: server.port, baselineDir, logFile: path.join(options.outDir, `faults-baseline-${options.database}-${options.seed}.jsonl`) });
  await proxy.listen();
  const browser = await launchChromium();
  const disruptor = new ServerDisruptor(server, random.fork(2), log);
  try {
    const device = await server.enrollDevice();
    const filings = await Promise.all([...Array(n).keys()].map((index) => makeFiling(index, device.deviceId, random.fork(100 + index))));
    const context = await browser.newContext();
    const tabs = [await context.newPage(), await context.newPage()];
    for (const tab of tabs) await openBaseline(tab, proxy.url);

    proxy.enabled = true;
    disruptor.start();
    const scenery = random.fork(3);
    const backupFile = path.join(server.dir, 'mid-run.tar');
    const happenings: Promise<unknown>[] = [];
    let posted = 0;
    let backup: Promise<void> | undefined;
    let offlineSpells = 0;
    let reloads = 0;
    let restoreScheduled = false;
    let offline: Promise<void> | undefined;
    const queue = [...filings];
    const worker = async (page: Page, isFirst: boolean) => {
      for (let filing = queue.shift(); filing; filing = queue.shift()) {
        await sleep(options.paceMs ?? 1_500);
        await page.evaluate(({ filing, token }) => (window as unknown as { fileBaseline(...args: unknown[]): Promise<string[]> }).fileBaseline(filing.envelope, filing.documents, token), { filing, token: device.token });
        posted++;
        if (!backup && posted >= Math.ceil(n / 4)) happenings.push((backup = disruptor.backup(backupFile)));
        if (offlineSpells === 0 && posted >= Math.ceil(n / 3)) {
          offlineSpells++;
          offline = (async () => {
            await context.setOffline(true);
            await sleep(scenery.int(4_000, 9_000));
            await context.setOffline(false);
          })();
          happenings.push(offline);
        }
        if (!restoreScheduled && backup && posted >= Math.ceil((3 * n) / 4)) {
          restoreScheduled = true;
          happenings.push(backup.then(() => disruptor.restore(backupFile)));
        }
        if (isFirst && reloads === 0 && posted >= Math.ceil(n / 2)) {
          reloads++;
          // The baseline page is not cached for offline use (that is the app shell's job in Sahej).
          await offline;
          await openBaseline(page, proxy.url);
        }
      }
    };
    await Promise.all([worker(tabs[0]!, true), worker(tabs[1]!, false)]);
    await Promise.all(happenings);
    if (disruptor.restores === 0) await disruptor.restore(backupFile);
    await disruptor.stop();
    const postedAll = Date.now();
    log(`posted ${n} filings; waiting up to ${(options.waitMs ?? 180_000) / 1000} s for the queue to deliver`);

    let drainSeconds: number | null = null;
    const ids = new Set(filings.map((filing) => filing.envelope.id));
    while (Date.now() - postedAll < (options.waitMs ?? 180_000)) {
      const snapshot = await serverSnapshot(databaseUrl, path.join(server.dir, 'documents'));
      const held = snapshot.applications.filter((row) => ids.has(row.id) && row.documents.every((sha) => snapshot.documentsIntact.has(sha))).length;
      if (held === n) {
        drainSeconds = (Date.now() - postedAll) / 1000;
        break;
      }
      await sleep(3_000);
    }
    const sent: DeviceFiling[] = filings.map((filing) => ({ id: filing.envelope.id, hash: filing.hash, receiptNo: '', state: 'sent', documents: filing.documents.map((document) => document.sha256), receipt: null }));
    const verdict = judge({
      runner: 'baseline',
      seed: options.seed,
      database: options.database,
      captured: filings.map((filing) => ({ id: filing.envelope.id, receiptNo: '' })),
      device: sent,
      server: await serverSnapshot(databaseUrl, path.join(server.dir, 'documents')),
      drainSeconds,
      faults: faultSummary(proxy.counts, disruptor, offlineSpells, reloads),
    });
    return saveVerdict(options.outDir, verdict);
  } finally {
    await disruptor.stop().catch(() => undefined);
    await browser.close();
    await proxy.close();
    await server.stop();
    await database.dispose();
  }
}
