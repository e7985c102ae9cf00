import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open';
import { tempDir } from '../support/temp-dirs';

// A CLI command beside a running server waits for the server's write to end: the server
// waits 5 s, a CLI command 30 s (server/cli.ts), through SQLite's busy timeout.
it('gives SQLite the busy timeout it is asked for, 5 s by default', async () => {
  const file = path.join(tempDir('sahej-busy-'), 'sahej.db');
  for (const [options, expected] of [[{}, 5000], [{ busyTimeoutMs: 30_000 }, 30_000]] as const) {
    const database = openDatabase(`sqlite:${file}`, options);
    try {
      expect((await sql<{ timeout: number }>`pragma busy_timeout`.execute(database.db)).rows).toEqual([{ timeout: expected }]);
    } finally {
      await database.close();
    }
  }
});
