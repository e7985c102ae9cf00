import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../../scripts/chromium';
import { ServerProcess } from '../../scripts/server-process';
import type { TrustedKeys } from '../../src/domain/receipt/check';
import { RoundRobinBalancer } from './balancer';
import { chaosDatabase, type ChaosDialect } from './chaos-database';
import { FaultProxy } from './fault-proxy';
import { captureOne, deviceFilings, deviceProgress, enrollThrough, stuckFilings } from './kiosk-driver';
import { SeededRandom } from './seeded-random';
import { serverSnapshot, type ServerSnapshot } from './server-snapshot';
import { ServerDisruptor } from './server-disruptor';
import { faultSummary, judge, saveVerdict, type ChaosVerdict } from './verdict';

export interface ChaosOptions {
  seed: number;
  filings: number;
  database: ChaosDialect;
  /** The built app (vite build output) the server serves. */
  distDir: string;
  /** Where the verdict JSON and the fault log go. */
  outDir: string;
  /** The whole run, capture and drain, must end within this. */
  timeLimitMs: number;
  /**
   * Server processes on the one database (PostgreSQL only), behind the harness's own
   * round-robin balancer, each killed on its own schedule. 1 (the default): one process,
   * no balancer, exactly the run it always was.
   */
  processes?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function publishedKeys(server: ServerProcess): Promise<TrustedKeys> {
  const body = (await (await fetch(`${server.url}/api/v1/keys`)).json()) as { keys: { keyId: string; publicKey: string }[]; revokedDevices: TrustedKeys['revokedDevices'] };
  return { serverKeys: body.keys, revokedDevices: body.revokedDevices };
}

function holdsAll(snapshot: ServerSnapshot, captured: { id: string }[]): boolean {
  const ids = new Map(snapshot.applications.map((row) => [row.id, row]));
  return captured.every((filing) => ids.get(filing.id)?.documents.every((sha) => snapshot.documentsIntact.has(sha)));
}

/**
 * One chaos run of the real thing: the real server (killed, restarted, restored from a
 * mid-run backup), the built app in two Chromium tabs behind the fault proxy, a reload
 * and an offline spell midway. Ends when the device says everything is received and
 * reconciled after the restore and the server holds it all, or at the time limit.
 */
export async function runSahej(options: ChaosOptions): Promise<ChaosVerdict> {
  const log = options.log ?? ((line: string) => console.log(`[chaos ${options.database} ${options.seed}] ${line}`));
  const random = new SeededRandom(options.seed);
  const started = Date.now();
  const n = options.filings;
  fs.mkdirSync(options.outDir, { recursive: true });
  const processes = options.processes ?? 1;
  if (processes > 1 && options.database !== 'postgres') throw new Error('several server processes share one PostgreSQL database; SQLite is one process');
  const database = await chaosDatabase(options.database, options.seed);
  // One after another: the first runs the migrations, the others find them done.
  const servers: ServerProcess[] = [];
  for (let index = 0; index < processes; index++) servers.push(await ServerProcess.start(options.distDir, { ...database.env, LOG_LEVEL: 'warn' }));
  const server = servers[0]!;
  const databaseUrl = database.env.DATABASE_URL ?? `sqlite:${server.dbPath}`;
  const balancer = processes > 1 ? new RoundRobinBalancer(servers.map((each) => each.port)) : undefined;
  await balancer?.listen();
  const suffix = processes > 1 ? `-${processes}p` : '';
  const proxy = new FaultProxy({ seed: options.seed, targetPort: balancer?.port ?? server.port, logFile: path.join(options.outDir, `faults-sahej-${options.database}${suffix}-${options.seed}.jsonl`) });
  await proxy.listen();
  const browser = await launchChromium();
  const disruptor = new ServerDisruptor(servers, random.fork(2), log);
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const tabA = await context.newPage();
    await enrollThrough(tabA, proxy.url, await server.enrollmentCode());
    const tabB = await context.newPage();
    await tabB.goto(proxy.url);
    await tabB.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).waitFor();

    proxy.enabled = true;
    disruptor.start();
    const scenery = random.fork(3);
    const backupFile = path.join(server.dir, 'mid-run.tar');
    const captured: { id: string; receiptNo: string }[] = [];
    const happenings: Promise<unknown>[] = [];
    let backup: Promise<void> | undefined;
    let offlineSpells = 0;
    let reloads = 0;
    let restoreScheduled = false;
    const afterCapture = () => {
      const count = captured.length;
      if (!backup && count >= Math.ceil(n / 4)) happenings.push((backup = disruptor.backup(backupFile)));
      if (offlineSpells === 0 && count >= Math.ceil(n / 3)) {
        offlineSpells++;
        happenings.push(
          (async () => {
            const spell = scenery.int(4_000, 9_000);
            log(`offline for ${spell} ms`);
            await context.setOffline(true);
            await sleep(spell);
            await context.setOffline(false);
          })(),
        );
      }
      if (!restoreScheduled && backup && count >= Math.ceil((3 * n) / 4)) {
        restoreScheduled = true;
        happenings.push(backup.then(() => disruptor.restore(backupFile)));
      }
    };

    const queue = [...Array(n).keys()];
    const worker = async (page: typeof tabA, isFirst: boolean) => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        captured.push(await captureOne(page, index));
        afterCapture();
        if (isFirst && reloads === 0 && captured.length >= Math.ceil(n / 2)) {
          reloads++;
          log('tab A reloads');
          await page.reload();
          await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).waitFor();
        }
      }
    };
    await Promise.all([worker(tabA, true), worker(tabB, false)]);
    await Promise.all(happenings);
    if (disruptor.restores === 0) await disruptor.restore(backupFile);
    await disruptor.stop();
    const captureEnded = Date.now();
    log(`captured ${captured.length} filings in ${((captureEnded - started) / 1000).toFixed(1)} s; ${disruptor.kills} kills so far${processes > 1 ? ` (${disruptor.killsByProcess.join(' + ')}; balancer: ${balancer!.connections.join(' + ')} connections, ${balancer!.refused} refused)` : ''}; waiting for the devices`);

    let drainSeconds: number | null = null;
    let lastReport = 0;
    while (Date.now() - started < options.timeLimitMs) {
      const progress = await deviceProgress(tabA);
      const deviceDone = progress.filings === n && progress.received === n && progress.outbox === 0 && !!progress.reconciledAt && Date.parse(progress.reconciledAt) > disruptor.restoredAt!;
      if (deviceDone && holdsAll(await serverSnapshot(databaseUrl, path.join(server.dir, 'documents')), captured)) {
        drainSeconds = (Date.now() - captureEnded) / 1000;
        break;
      }
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        log(`device: ${progress.received}/${progress.filings} received, ${progress.outbox} queued, ${progress.attention} need attention, reconciled ${progress.reconciledAt ?? 'never'}`);
      }
      await sleep(2_000);
    }
    if (drainSeconds === null) {
      log(`time limit reached (${options.timeLimitMs / 1000} s); what is still queued:`);
      for (const line of await stuckFilings(tabA)) log(`  ${line}`);
    }

    const verdict = judge({
      runner: 'sahej',
      seed: options.seed,
      database: options.database,
      processes,
      captured,
      device: await deviceFilings(tabA, await publishedKeys(server)),
      server: await serverSnapshot(databaseUrl, path.join(server.dir, 'documents')),
      drainSeconds,
      faults: faultSummary(proxy.counts, disruptor, offlineSpells, reloads),
    });
    if (balancer) log(`balancer: ${balancer.connections.join(' + ')} connections carried, ${balancer.refused} refused with every process down`);
    return saveVerdict(options.outDir, verdict);
  } finally {
    await disruptor.stop().catch(() => undefined);
    await browser.close();
    await proxy.close();
    await balancer?.close();
    for (const each of servers) await each.stop();
    await database.dispose();
  }
}
