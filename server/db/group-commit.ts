import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema';

interface Job<I, O> {
  items: I[];
  resolve(outcomes: O[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes that arrive while a transaction is being committed wait, then go
 * together in the next one. SQLite with synchronous=FULL pays one fsync per commit, so
 * this is how the server takes thousands of durable writes a second; every caller still
 * hears back only after the commit that holds its rows. If a group fails, each job is
 * retried in a transaction of its own, so one bad request never fails the others.
 */
export class GroupCommit<I, O> {
  private queue: Job<I, O>[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly work: (trx: Transaction<DB>, items: I[], now: Date) => Promise<O[]>,
    private readonly maxItems = 500,
    private readonly now: () => Date = () => new Date(),
  ) {}

  submit(items: I[]): Promise<O[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the requests already parsed in this turn of the event loop join the group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private take(): Job<I, O>[] {
    const jobs: Job<I, O>[] = [];
    let count = 0;
    while (this.queue.length && (jobs.length === 0 || count + this.queue[0]!.items.length <= this.maxItems)) {
      const job = this.queue.shift()!;
      jobs.push(job);
      count += job.items.length;
    }
    return jobs;
  }

  private async commit(jobs: Job<I, O>[]): Promise<O[][]> {
    const outcomes = await this.db.transaction().execute((trx) => this.work(trx, jobs.flatMap((job) => job.items), this.now()));
    const split: O[][] = [];
    let offset = 0;
    for (const job of jobs) {
      split.push(outcomes.slice(offset, offset + job.items.length));
      offset += job.items.length;
    }
    return split;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const jobs = this.take();
        try {
          const outcomes = await this.commit(jobs);
          jobs.forEach((job, index) => job.resolve(outcomes[index]!));
        } catch (error) {
          if (jobs.length === 1) {
            jobs[0]!.reject(error);
            continue;
          }
          for (const job of jobs) {
            try {
              job.resolve((await this.commit([job]))[0]!);
            } catch (alone) {
              job.reject(alone);
            }
          }
        }
      }
    } finally {
      this.running = false;
      if (this.queue.length) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    }
  }
}
