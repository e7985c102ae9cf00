import type { ServerProcess } from '../../scripts/server-process';
import type { SeededRandom } from './seeded-random';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Does to the servers what power cuts and a bad upgrade do: SIGKILL at seeded moments
 * and a restart a moment later, each process on its own schedule (its own fork of the
 * seeded generator), so with two processes one may be down while the other serves, or
 * both at once for a moment, but each always comes back. Once, a backup taken mid-run
 * and a restore from it later (the servers forget everything that came in between, as
 * the portal did): the restore stops every process, restores the one database they
 * share and starts them all again, since a restore under a running process is no
 * restore at all.
 */
export class ServerDisruptor {
  restores = 0;
  restoredAt: number | undefined;
  /** Kills by process, in the order the processes were given. */
  readonly killsByProcess: number[];
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly servers: ServerProcess[];
  // A restore (or backup) waits for every kill under way and holds new kills off until it is done.
  private exclusive: Promise<unknown> = Promise.resolve();
  private readonly killsUnderWay = new Set<Promise<unknown>>();

  constructor(
    servers: ServerProcess | ServerProcess[],
    private readonly random: SeededRandom,
    private readonly log: (line: string) => void,
    private readonly gapMs: [number, number] = [10_000, 30_000],
  ) {
    this.servers = Array.isArray(servers) ? servers : [servers];
    this.killsByProcess = this.servers.map(() => 0);
  }

  get kills(): number {
    return this.killsByProcess.reduce((sum, count) => sum + count, 0);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.exclusive.then(async () => {
      await Promise.allSettled([...this.killsUnderWay]);
      return work();
    });
    this.exclusive = next.catch(() => undefined);
    return next;
  }

  private async killOnce(index: number, random: SeededRandom): Promise<void> {
    // Wait until no restore is queued or under way; one queued while waiting is waited for too.
    for (let gate = this.exclusive; ; gate = this.exclusive) {
      await gate;
      if (gate === this.exclusive) break;
    }
    const server = this.servers[index]!;
    const work = (async () => {
      await server.kill();
      this.killsByProcess[index]!++;
      const down = random.int(300, 3_000);
      const which = this.servers.length > 1 ? `server process ${index + 1}` : 'server';
      this.log(`${which} SIGKILLed (kill ${this.killsByProcess[index]}), down for ${down} ms`);
      await sleep(down);
      await server.start();
    })();
    this.killsUnderWay.add(work);
    try {
      await work;
    } finally {
      this.killsUnderWay.delete(work);
    }
  }

  start(): void {
    this.running = true;
    // One process keeps the schedule the single-process harness always had; others fork their own.
    const randoms = this.servers.map((_, index) => (index === 0 ? this.random : this.random.fork(100 + index)));
    this.loops = this.servers.map((_, index) =>
      (async () => {
        while (this.running) {
          await sleep(randoms[index]!.int(...this.gapMs));
          if (!this.running) break;
          await this.killOnce(index, randoms[index]!);
        }
      })(),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await this.exclusive;
  }

  backup(file: string): Promise<void> {
    return this.serial(async () => {
      await this.servers[0]!.cli('backup', file);
      this.log(`backup taken: ${file}`);
    });
  }

  restore(file: string): Promise<void> {
    return this.serial(async () => {
      for (const server of this.servers) await server.kill();
      await this.servers[0]!.cli('restore', file);
      for (const server of this.servers) await server.start();
      this.restores++;
      this.restoredAt = Date.now();
      this.log(`${this.servers.length > 1 ? 'every server process' : 'server'} restored from the mid-run backup: it has forgotten every filing since`);
    });
  }
}
