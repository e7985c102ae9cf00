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
  /** Server processes behind the balancer (1 when there was none). */
  processes?: number;
  captured: number;
  onServer: number;
  lost: number;
  duplicated: number;
  altered: number;
  documentsMissing: number;
  /** Application numbers given twice, skipped, or out of step with the office's counter. */
  numberingFaults: number;
  needsAttention: number;
  receiptsVerified: number | null;
  drainSeconds: number | null;
  faults: Record<string, number>;
  /** Ids behind each non-zero count, so a failing run says which filings to look at. */
  details: { lost: string[]; duplicated: string[]; altered: string[]; documentsMissing: string[]; numberingFaults: string[]; needsAttention: string[]; receiptsNotVerified: string[] };
  ok: boolean;
}

/**
 * Application numbers are unique and gap-free per office: the numbers an office's rows
 * carry are exactly 1…n, and its counter stands at n (a number taken and never used, or
 * given twice by two processes, shows here). Returns what is wrong, one line each.
 */
export function numberingFaults(server: ServerSnapshot): string[] {
  const faults: string[] = [];
  const byOffice = new Map<string, number[]>();
  for (const row of server.applications) {
    const match = /^(.+)-(\d+)$/.exec(row.applicationNo);
    if (!match || match[1] !== row.officeCode) {
      faults.push(`${row.id}: number ${row.applicationNo} is not of office ${row.officeCode}`);
      continue;
    }
    byOffice.set(row.officeCode, [...(byOffice.get(row.officeCode) ?? []), Number(match[2])]);
  }
  for (const [office, numbers] of byOffice) {
    const sorted = [...numbers].sort((a, b) => a - b);
    sorted.forEach((number, index) => {
      if (number !== index + 1) faults.push(`${office}: number ${index + 1} expected, ${number} found`);
    });
    const counter = server.counters.get(`application:${office}`);
    if (counter !== sorted.length) faults.push(`${office}: counter at ${counter ?? 'none'}, ${sorted.length} applications numbered`);
  }
  return [...new Set(faults)].slice(0, 50);
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
  processes?: number;
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
  const numbering = numberingFaults(server);
  const needsAttention = input.device.filter((filing) => filing.state === 'attention').map((filing) => filing.id);
  const withReceipts = input.device.filter((filing) => filing.receipt !== null);
  const receiptsNotVerified = withReceipts.filter((filing) => filing.receipt !== 'verified').map((filing) => `${filing.receiptNo}:${filing.receipt}`);
  const receiptsVerified = withReceipts.length ? withReceipts.length - receiptsNotVerified.length : null;
  const ok =
    lost.length === 0 &&
    duplicated.length === 0 &&
    altered.length === 0 &&
    documentsMissing.length === 0 &&
    numbering.length === 0 &&
    needsAttention.length === 0 &&
    input.device.length === captured.length &&
    (receiptsVerified === null || receiptsVerified === captured.length);
  return {
    runner: input.runner,
    seed: input.seed,
    database: input.database,
    ...(input.processes && input.processes > 1 ? { processes: input.processes } : {}),
    captured: captured.length,
    onServer: captured.length - lost.length,
    lost: lost.length,
    duplicated: duplicated.length,
    altered: altered.length,
    documentsMissing: documentsMissing.length,
    numberingFaults: numbering.length,
    needsAttention: needsAttention.length,
    receiptsVerified,
    drainSeconds: input.drainSeconds,
    faults: input.faults,
    details: { lost, duplicated, altered, documentsMissing, numberingFaults: numbering, needsAttention, receiptsNotVerified },
    ok,
  };
}

/** Writes the verdict beside the run's fault log: `chaos-{runner}-{database}[-{N}p]-{seed}.json`. */
export function saveVerdict(outDir: string, verdict: ChaosVerdict): ChaosVerdict {
  const processes = verdict.processes ? `-${verdict.processes}p` : '';
  fs.writeFileSync(path.join(outDir, `chaos-${verdict.runner}-${verdict.database}${processes}-${verdict.seed}.json`), `${JSON.stringify(verdict, null, 2)}\n`);
  return verdict;
}

/** What was done to a run: the proxy's faults by kind and the disruptions around them. */
export function faultSummary(proxyCounts: Record<string, number>, disruptor: { kills: number; restores: number; killsByProcess?: number[] }, offlineSpells: number, pageReloads: number): Record<string, number> {
  // With several processes, each one's kills too: `serverKillsProcess1`, `serverKillsProcess2`, ….
  const byProcess = disruptor.killsByProcess && disruptor.killsByProcess.length > 1 ? Object.fromEntries(disruptor.killsByProcess.map((kills, index) => [`serverKillsProcess${index + 1}`, kills])) : {};
  return { ...proxyCounts, serverKills: disruptor.kills, ...byProcess, restoresFromBackup: disruptor.restores, offlineSpells, pageReloads };
}
