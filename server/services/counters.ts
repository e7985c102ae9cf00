import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The next value of a named counter, inside the caller's transaction: the row lock
 * holds concurrent writers of the same scope (on every server process) until commit,
 * and a rolled-back transaction gives its number back, so numbers have no gaps.
 */
export async function nextCounterValue(trx: Kysely<DB> | Transaction<DB>, scope: string): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ scope, value: 1 })
    .onConflict((conflict) => conflict.column('scope').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
