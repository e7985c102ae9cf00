import pg from 'pg';

export type ChaosDialect = 'sqlite' | 'postgres';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh database for one run: a file beside the server (the server process's default)
 * or a new PostgreSQL database, dropped afterwards. Returns the environment overrides.
 */
export async function chaosDatabase(dialect: ChaosDialect, seed: number): Promise<{ env: NodeJS.ProcessEnv; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') return { env: {}, dispose: async () => {} };
  const name = `sahej_chaos_${seed}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async dispose() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
