import pg from 'pg';

export const BENCH_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema for one benchmark, and the URL that puts the server in it. */
export async function freshPostgresSchema(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const schema = `bench_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`create schema ${schema}`);
  } catch (error) {
    console.warn(`PostgreSQL figures skipped: ${(error as Error).message}`);
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    url: `${BENCH_POSTGRES_URL}${BENCH_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
      await admin.connect();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
