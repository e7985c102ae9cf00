import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { gzipSize, initialRouteJs, kb, KB, notPrecached, precached } from '../../bench/lib/bundle-size';

// Size budgets of the production build (the one every e2e test runs). Sizes, unlike
// timings, are the same on every machine, so they are asserted here; `npm run bench`
// reports the same figures (bench/client/bundle.ts) with a reference beside them.
const INITIAL_JS_BUDGET_KB = 55;
const PRECACHE_BUDGET_KB = 400;
// The worker drains with no page open, so it carries the sync code (Dexie, the schemas, tus).
const WORKER_BUDGET_KB = 90;

describe('bundle budget', () => {
  const distDir = inject('distDir');

  it(`loads at most ${INITIAL_JS_BUDGET_KB} kB of JavaScript (gzip) before the first paint`, () => {
    const initial = initialRouteJs(distDir);
    console.log(`initial route JS: ${kb(initial.gzip)} kB gzip (${kb(initial.bytes)} kB) in ${initial.files.map((file) => `${file.file} ${kb(file.gzip)} kB`).join(', ')}`);
    expect(initial.files.some((file) => /^assets\/index-.*\.js$/.test(file.file))).toBe(true);
    // Screens that are their own chunk, and the kiosk's (the database, the sync engine), must stay out of the first load.
    expect(initial.files.map((file) => file.file).filter((file) => /\/(Console|DraftScreen|ReceiptView|VerifyReceipt|Ledger|Status|kiosk)-/.test(file))).toEqual([]);
    expect(initial.gzip).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB * KB);
  });

  it(`precaches at most ${PRECACHE_BUDGET_KB} kB (gzip), every script and style included`, () => {
    const all = precached(distDir);
    console.log(`precache: ${kb(all.gzip)} kB gzip (${kb(all.bytes)} kB) in ${all.files.length} files`);
    // Offline, a chunk the worker did not precache is a screen that cannot open.
    expect(notPrecached(distDir)).toEqual([]);
    expect(all.gzip).toBeLessThanOrEqual(PRECACHE_BUDGET_KB * KB);
  });

  it(`serves the service worker, sync code and all, in at most ${WORKER_BUDGET_KB} kB (gzip), from compressed copies of the finished script`, () => {
    const file = path.join(distDir, 'service-worker.js');
    const source = fs.readFileSync(file);
    console.log(`service worker: ${kb(gzipSize(source))} kB gzip (${kb(source.length)} kB), ${kb(fs.statSync(`${file}.br`).size)} kB as sent brotli`);
    // The copies are of the script with its precache list written in, not of the one before.
    expect(source.includes('__WB_MANIFEST')).toBe(false);
    expect(brotliDecompressSync(fs.readFileSync(`${file}.br`)).equals(source)).toBe(true);
    expect(gunzipSync(fs.readFileSync(`${file}.gz`)).equals(source)).toBe(true);
    expect(gzipSize(source)).toBeLessThanOrEqual(WORKER_BUDGET_KB * KB);
  });
});
