import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runSahej } from '../chaos/sahej-run';

const root = path.resolve(import.meta.dirname, '../..');
// The short run of `npm run chaos`: 20 filings, one seed (CHAOS_SEED replays another).
const seed = Number(process.env.CHAOS_SEED ?? 20261128);

describe('chaos, the short run', () => {
  it('loses, duplicates and alters nothing through dropped and stalled requests, gateway errors, server kills, a restore, a reload and an offline spell', { timeout: 12 * 60_000 }, async () => {
    const verdict = await runSahej({ seed, filings: 20, database: 'sqlite', distDir: inject('distDir'), outDir: path.join(root, 'test-results', 'chaos'), timeLimitMs: 10 * 60_000 });
    console.log(JSON.stringify({ ...verdict, details: undefined }));
    expect(verdict.details).toEqual({ lost: [], duplicated: [], altered: [], documentsMissing: [], numberingFaults: [], needsAttention: [], receiptsNotVerified: [] });
    expect(verdict.onServer).toBe(20);
    expect(verdict.receiptsVerified).toBe(20);
    // The run must really have been hostile, or it proves nothing.
    expect(verdict.faults.serverKills).toBeGreaterThanOrEqual(1);
    expect(verdict.faults.restoresFromBackup).toBe(1);
    expect(verdict.faults.drop_after! + verdict.faults.drop_before! + verdict.faults.server_error! + verdict.faults.cut_body!).toBeGreaterThan(5);
    expect(verdict.drainSeconds).not.toBeNull();
    expect(verdict.ok).toBe(true);
  });
});
