import type { Kysely, Transaction } from 'kysely';
import { OFFICE_CODE } from '../../src/domain/receipt-number';
import type { DB } from '../db/schema';

export function assertOfficeCode(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!OFFICE_CODE.test(upper)) throw new Error(`An office code is 2–12 letters or digits (got "${code}")`);
  return upper;
}

export async function ensureOffice(db: Kysely<DB> | Transaction<DB>, code: string, now: Date): Promise<void> {
  await db
    .insertInto('offices')
    .values({ code, name: null, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('code').doNothing())
    .execute();
}
