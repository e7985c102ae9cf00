import type { ServerProcess } from '../../scripts/server-process';
import type { SeededRandom } from './seeded-random';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Does to the server what power cuts and a bad upgrade do: SIGKILL at seeded moments
 * and a restart a moment later; once, a backup taken mid-run and a restore from it later
 * (the server forgets everything that came in between, as the portal did).
 */
export class ServerDisruptor {
  kills = 0;
  restores = 0;
  restoredAt: number | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  // One disruption at a time: a kill never lands in the middle of a restore.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly server: ServerProcess,
    private readonly random: SeededRandom,
    private readonly log: (line: string) => void,
    private readonly gapMs: [number, number] = [10_000, 30_000],
  ) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await sleep(this.random.int(...this.gapMs));
        if (!this.running) break;
        await this.serial(async () => {
          await this.server.kill();
          this.kills++;
          const down = this.random.int(300, 3_000);
          this.log(`server SIGKILLed (kill ${this.kills}), down for ${down} ms`);
          await sleep(down);
          await this.server.start();
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.queue;
  }

  backup(file: string): Promise<void> {
    return this.serial(async () => {
      await this.server.cli('backup', file);
      this.log(`backup taken: ${file}`);
    });
  }

  restore(file: string): Promise<void> {
    return this.serial(async () => {
      await this.server.kill();
      await this.server.cli('restore', file);
      await this.server.start();
      this.restores++;
      this.restoredAt = Date.now();
      this.log('server restored from the mid-run backup: it has forgotten every filing since');
    });
  }
}
