import os from 'node:os';

/** One measured figure, as written to bench/results.json. */
export interface BenchRecord {
  name: string;
  value: number;
  unit: string;
  /** The target, as text (`≤ 30`), and whether this run met it. */
  target?: string;
  meetsTarget?: boolean;
  /** A figure measured in the same run that bounds or explains this one. */
  reference?: { name: string; value: number; unit: string };
  /** How many runs the median was taken over. */
  runs: number;
  note?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `at most` / `at least` targets, judged on the measured value. */
export function judged(record: Omit<BenchRecord, 'meetsTarget' | 'target'>, target: { atMost?: number; atLeast?: number }): BenchRecord {
  const meetsTarget = target.atMost !== undefined ? record.value <= target.atMost : record.value >= target.atLeast!;
  return { ...record, target: target.atMost !== undefined ? `≤ ${target.atMost}` : `≥ ${target.atLeast}`, meetsTarget };
}

export function machine() {
  return { cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.type()} ${os.release()}` };
}

export function printTable(records: BenchRecord[]): void {
  const rows = records.map((record) => [
    record.meetsTarget === false ? '✗' : record.meetsTarget ? '✓' : ' ',
    record.name,
    `${record.value} ${record.unit}`,
    record.target ? `${record.target} ${record.unit}` : '',
    record.reference ? `${record.reference.name}: ${record.reference.value} ${record.reference.unit}` : '',
  ]);
  const widths = [1, 2, 3, 4].map((column) => Math.max(...rows.map((row) => row[column]!.length), 6));
  for (const row of rows) console.log(`${row[0]} ${row[1]!.padEnd(widths[0]!)}  ${row[2]!.padStart(widths[1]!)}  ${row[3]!.padEnd(widths[2]!)}  ${row[4]}`);
}
