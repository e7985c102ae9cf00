import fs from 'node:fs';
import os from 'node:os';

// /proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 for user space
// (`getconf CLK_TCK` on the development machine says 100).
const TICKS = 100;

/** The stat file of a whole process (all its threads), or of its main thread alone. */
export const processStat = (pid: number) => `/proc/${pid}/stat`;
export const mainThreadStat = (pid: number) => `/proc/${pid}/task/${pid}/stat`;

/** utime + stime in a /proc stat file, in seconds; undefined once its process has gone. */
export function cpuSeconds(statFile: string): number | undefined {
  try {
    const stat = fs.readFileSync(statFile, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** CPU time every core spent busy (everything but idle and iowait) since boot, in seconds. */
function machineBusySeconds(): number {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal; guest time is already inside user.
  const values = ticks.slice(0, 8).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  return (total - values[3]! - values[4]!) / TICKS;
}

export interface CpuMeasure<T> {
  result: T;
  wallSeconds: number;
  /** This process (the load generator: autocannon runs inside it). */
  generatorSeconds: number;
  /** Each watched group of stat files (servers, their main threads, database backends), summed. */
  groups: Record<string, number>;
  /** Every core's busy time: what is left after ours is the other work on the machine. */
  machineSeconds: number;
  cores: number;
  /** 1-minute load average when the run ended (other helpers share the cores). */
  load: number;
}

/**
 * CPU time spent while `work` runs: the generator's by process.cpuUsage(), each group's by
 * its /proc stat files before and after. A process that appears during the run counts from
 * zero; one that exits before the end is lost (database backends stay open in the pools here).
 */
export async function measureCpu<T>(groups: Record<string, () => Promise<string[]> | string[]>, work: () => Promise<T>): Promise<CpuMeasure<T>> {
  const before = new Map<string, Map<string, number>>();
  for (const [name, files] of Object.entries(groups)) before.set(name, new Map((await files()).map((file) => [file, cpuSeconds(file) ?? 0])));
  const machineBefore = machineBusySeconds();
  const generatorBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const generator = process.cpuUsage(generatorBefore);
  const machineSeconds = machineBusySeconds() - machineBefore;
  const spent: Record<string, number> = {};
  for (const [name, files] of Object.entries(groups)) {
    const start = before.get(name)!;
    const all = new Set([...start.keys(), ...(await files())]);
    spent[name] = [...all].reduce((sum, file) => sum + Math.max(0, (cpuSeconds(file) ?? start.get(file) ?? 0) - (start.get(file) ?? 0)), 0);
  }
  return { result, wallSeconds, generatorSeconds: (generator.user + generator.system) / 1e6, groups: spent, machineSeconds, cores: os.cpus().length, load: os.loadavg()[0]! };
}

/**
 * The rate with the generator's CPU time taken out of the wall time, as issue 17 asks:
 * applications / (wall − generator CPU / cores). On `cores` cores the generator's G CPU
 * seconds occupy the equivalent of G / cores of the whole machine's wall time; without a
 * generator on the same cores, that share is what the server (and its database) would
 * have had. It assumes the server could use the freed share, so it is an upper bound for
 * a server that is not CPU-bound; the server CPU per application, reported beside it, is
 * the figure that does not depend on that assumption.
 */
export function withoutGenerator(applications: number, cpu: CpuMeasure<unknown>): number {
  return applications / (cpu.wallSeconds - cpu.generatorSeconds / cpu.cores);
}
