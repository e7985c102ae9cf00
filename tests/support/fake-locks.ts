/**
 * A Web Locks stand-in for Node (exclusive locks only): a request waits in line behind the
 * holder, or with `ifAvailable` is answered at once with no lock. Records who got it, so a
 * test can tell the page's drainer from the worker's.
 */
export class FakeLocks {
  private readonly holders = new Map<string, string>();
  private readonly queues = new Map<string, (() => void)[]>();
  readonly granted: string[] = [];

  /** Binds a holder's name to this manager, as each context (a tab, the worker) has its own `navigator.locks` onto one shared set. */
  as(holder: string): LockManager {
    return { request: ((name: string, optionsOrCallback: LockOptions | LockGrantedCallback<unknown>, callback?: LockGrantedCallback<unknown>) => this.request(holder, name, optionsOrCallback, callback)) as LockManager['request'], query: async () => ({}) };
  }

  heldBy(name: string): string | undefined {
    return this.holders.get(name);
  }

  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0;
  }

  private request(holder: string, name: string, optionsOrCallback: LockOptions | LockGrantedCallback<unknown>, maybeCallback?: LockGrantedCallback<unknown>): Promise<unknown> {
    const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback!;
    if (!this.holders.has(name)) return this.run(holder, name, callback);
    if (options.ifAvailable) return Promise.resolve().then(() => callback(null));
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(name) ?? [];
      queue.push(() => void this.run(holder, name, callback).then(resolve, reject));
      this.queues.set(name, queue);
    });
  }

  private async run(holder: string, name: string, callback: LockGrantedCallback<unknown>): Promise<unknown> {
    this.holders.set(name, holder);
    this.granted.push(holder);
    try {
      return await callback({ name, mode: 'exclusive' } as Lock);
    } finally {
      this.holders.delete(name);
      this.queues.get(name)?.shift()?.();
    }
  }
}
