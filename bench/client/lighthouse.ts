import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium';
import { ServerProcess } from '../../scripts/server-process';
import { buildApp } from '../lib/app-session';
import { blankPreactServer } from '../lib/blank-page';
import { judged, median, round, type BenchRecord } from '../lib/records';

const RUNS = 3;

interface Measured {
  score: number;
  tti: number;
  fcp: number;
  lcp: number;
  tbt: number;
  scriptBytes: number;
}

/** A headless Chromium Lighthouse can drive, on the DevTools port it reports on stderr. */
async function launchDebuggable(): Promise<{ port: number; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-lighthouse-'));
  const child = spawn(await findChromium(), [...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port in 30 s: ${output}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before giving its DevTools port: ${output}`)));
  });
  return {
    port,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One Lighthouse run with its mobile defaults (4× CPU slowdown, slow 4G, simulated), performance only. */
async function audit(url: string, port: number): Promise<Measured> {
  const result = await lighthouse(url, { port, onlyCategories: ['performance'], logLevel: 'error', output: 'json' });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const ms = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (value === undefined) throw new Error(`Lighthouse on ${url} has no ${id}: ${lhr.audits[id]?.errorMessage ?? 'not measured'}`);
    return value;
  };
  const items = (lhr.audits['resource-summary']?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items ?? [];
  return {
    score: lhr.categories.performance?.score ?? Number.NaN,
    tti: ms('interactive'),
    fcp: ms('first-contentful-paint'),
    lcp: ms('largest-contentful-paint'),
    tbt: ms('total-blocking-time'),
    scriptBytes: items.find((item) => item.resourceType === 'script')?.transferSize ?? Number.NaN,
  };
}

function summary(runs: Measured[]) {
  const of = (key: keyof Measured) => median(runs.map((run) => run[key]));
  return { score: of('score'), tti: of('tti'), fcp: of('fcp'), lcp: of('lcp'), tbt: of('tbt'), scriptBytes: of('scriptBytes') };
}

/**
 * Lighthouse as a cheap phone sees the first load: its mobile defaults (4× CPU slowdown,
 * slow 4G, throttling simulated), the performance category only, a fresh profile each run
 * (Lighthouse clears the origin's storage, so the app opens on its enrollment screen, as on
 * a new device). The app is the production build served by the real server; the reference
 * is the blank Preact page (bench/lib/blank-page.ts) on loopback, in the same browser and
 * run. Medians of each figure over the runs.
 */
export async function benchLighthouse(): Promise<BenchRecord[]> {
  const server = await ServerProcess.start(await buildApp());
  const blank = await blankPreactServer();
  const chromium = await launchDebuggable();
  const loadBefore = os.loadavg()[0]!;
  try {
    const appRuns: Measured[] = [];
    const blankRuns: Measured[] = [];
    // Interleaved, so a change in the machine's load falls on both alike.
    for (let run = 0; run < RUNS; run++) {
      appRuns.push(await audit(`${server.url}/`, chromium.port));
      blankRuns.push(await audit(blank.url, chromium.port));
    }
    const app = summary(appRuns);
    const reference = summary(blankRuns);
    const note = `runs: ${appRuns.map((run) => run.score).join(', ')}; reference runs: ${blankRuns.map((run) => run.score).join(', ')}; Lighthouse ${lighthouseVersion()}, machine load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    const blankName = 'blank Preact page, same run';
    const figure = (name: string, value: number, referenceValue: number, unit: string, digits = 0): BenchRecord => ({
      name: `Lighthouse mobile: ${name}`,
      value: round(value, digits),
      unit,
      runs: RUNS,
      reference: { name: blankName, value: round(referenceValue, digits), unit },
    });
    return [
      judged({ ...figure('performance score', app.score, reference.score, 'score', 2), note }, { atLeast: 0.95 }),
      figure('time to interactive', app.tti, reference.tti, 'ms'),
      figure('first contentful paint', app.fcp, reference.fcp, 'ms'),
      figure('largest contentful paint', app.lcp, reference.lcp, 'ms'),
      figure('total blocking time', app.tbt, reference.tbt, 'ms'),
      { ...figure('JavaScript transferred', app.scriptBytes / 1000, reference.scriptBytes / 1000, 'kB', 1), note: 'every script of the load as sent over the wire (transfer size, headers included)' },
    ];
  } finally {
    await chromium.close();
    await blank.close();
    await server.stop();
  }
}

function lighthouseVersion(): string {
  const file = path.resolve(import.meta.dirname, '../../node_modules/lighthouse/package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
