import fs from 'node:fs';
import path from 'node:path';
import type { ServerSnapshot } from './server-snapshot';

/** One filing as the device holds it at the end of a run. */
export interface DeviceFiling {
  id: string;
  hash: string;
  receiptNo: string;
  state: string;
  documents: string[];
  /** The receipt's check against the server's keys ('verified', …), or null where a run has no receipts. */
  receipt: string | null;
}

export interface ChaosVerdict {
  runner: 'sahej' | 'baseline';
  seed: number;
  database: 'sqlite' | 'postgres';
  captured: number;
  onServer: number;
  lost: number;
  duplicated: number;
  altered: number;
  documentsMissing: number;
  needsAttention: number;
  receiptsVerified: number | null;
  drainSeconds: number | null;
  faults: Record<string, number>;
  /** Ids behind each non-zero count, so a failing run says which filings to look at. */
  details: { lost: string[]; duplicated: string[]; altered: string[]; documentsMissing: string[]; needsAttention: string[]; receiptsNotVerified: string[] };
  ok: boolean;
}

/**
 * Holds what was captured against what the server holds: a filing is lost when the
 * server has no row for it, duplicated when it has more than one (by id, receipt number
 * or "received" event) or a row nobody captured, altered when a hash differs anywhere.
 */
export function judge(input: {
  runner: ChaosVerdict['runner'];
  seed: number;
  database: ChaosVerdict['database'];
  captured: { id: string; receiptNo: string }[];
  device: DeviceFiling[];
  server: ServerSnapshot;
  drainSeconds: number | null;
  faults: Record<string, number>;
}): ChaosVerdict {
  const { captured, server } = input;
  const device = new Map(input.device.map((filing) => [filing.id, filing]));
  const rows = new Map<string, ServerSnapshot['applications']>();
  for (const row of server.applications) rows.set(row.id, [...(rows.get(row.id) ?? []), row]);
  const capturedIds = new Set(captured.map((filing) => filing.id));

  const lost = captured.filter((filing) => !rows.has(filing.id)).map((filing) => filing.id);
  const receiptCounts = new Map<string, number>();
  for (const row of server.applications) if (row.receiptNo) receiptCounts.set(row.receiptNo, (receiptCounts.get(row.receiptNo) ?? 0) + 1);
  const duplicated = [
    ...[...rows].filter(([, list]) => list.length > 1 || list.some((row) => row.receivedEvents > 1)).map(([id]) => id),
    ...server.applications.filter((row) => !capturedIds.has(row.id)).map((row) => row.id),
    ...[...receiptCounts].filter(([, count]) => count > 1).map(([receiptNo]) => receiptNo),
  ];
  const altered: string[] = [];
  const documentsMissing: string[] = [];
  for (const filing of captured) {
    const row = rows.get(filing.id)?.[0];
    const mine = device.get(filing.id);
    if (!row) continue;
    if (!mine || row.contentHash !== mine.hash || row.recomputedHash !== row.contentHash || (mine.receiptNo && row.receiptNo && row.receiptNo !== mine.receiptNo)) altered.push(filing.id);
    for (const sha of mine?.documents ?? row.documents) if (!server.documentsIntact.has(sha)) documentsMissing.push(`${filing.id}/${sha.slice(0, 12)}`);
  }
  const needsAttention = input.device.filter((filing) => filing.state === 'attention').map((filing) => filing.id);
  const withReceipts = input.device.filter((filing) => filing.receipt !== null);
  const receiptsNotVerified = withReceipts.filter((filing) => filing.receipt !== 'verified').map((filing) => `${filing.receiptNo}:${filing.receipt}`);
  const receiptsVerified = withReceipts.length ? withReceipts.length - receiptsNotVerified.length : null;
  const ok =
    lost.length === 0 &&
    duplicated.length === 0 &&
    altered.length === 0 &&
    documentsMissing.length === 0 &&
    needsAttention.length === 0 &&
    input.device.length === captured.length &&
    (receiptsVerified === null || receiptsVerified === captured.length);
  return {
    runner: input.runner,
    seed: input.seed,
    database: input.database,
    captured: captured.length,
    onServer: captured.length - lost.length,
    lost: lost.length,
    duplicated: duplicated.length,
    altered: altered.length,
    documentsMissing: documentsMissing.length,
    needsAttention: needsAttention.length,
    receiptsVerified,
    drainSeconds: input.drainSeconds,
    faults: input.faults,
    details: { lost, duplicated, altered, documentsMissing, needsAttention, receiptsNotVerified },
    ok,
  };
}

/** Writes the verdict beside the run's fault log: `chaos-{runner}-{database}-{seed}.json`. */
export function saveVerdict(outDir: string, verdict: ChaosVerdict): ChaosVerdict {
  fs.writeFileSync(path.join(outDir, `chaos-${verdict.runner}-${verdict.database}-${verdict.seed}.json`), `${JSON.stringify(verdict, null, 2)}\n`);
  return verdict;
}

/** What was done to a run: the proxy's faults by kind and the disruptions around them. */
export function faultSummary(proxyCounts: Record<string, number>, disruptor: { kills: number; restores: number }, offlineSpells: number, pageReloads: number): Record<string, number> {
  return { ...proxyCounts, serverKills: disruptor.kills, restoresFromBackup: disruptor.restores, offlineSpells, pageReloads };
}
