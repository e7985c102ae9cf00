import type { Kysely } from 'kysely';
import { DEVICE_CODE, formatDeviceId } from '../../src/domain/receipt-number';
import { hashSecret, newDeviceToken, newEnrollmentCode, normalizeEnrollmentCode } from '../auth/tokens';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { nextCounterValue } from './counters';
import { assertOfficeCode, ensureOffice } from './offices';

export const ENROLLMENT_CODE_DAYS = 7;

export interface Device {
  id: string;
  officeCode: string;
}

export async function createEnrollmentCode(db: Kysely<DB>, office: string, now = new Date()): Promise<{ code: string; office: string; expiresAt: string }> {
  const officeCode = assertOfficeCode(office);
  const code = newEnrollmentCode();
  const expiresAt = new Date(now.getTime() + ENROLLMENT_CODE_DAYS * 86_400_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await ensureOffice(trx, officeCode, now);
    await trx
      .insertInto('enrollment_codes')
      .values({ code_hash: hashSecret(code), office_code: officeCode, created_at: now.toISOString(), expires_at: expiresAt, used_at: null, device_id: null })
      .execute();
  });
  return { code, office: officeCode, expiresAt };
}

export interface Enrollment {
  deviceId: string;
  token: string;
  office: string;
}

/**
 * Spends a single-use code and registers the device with its public key. The code is
 * claimed by a conditional UPDATE inside the transaction, so two devices racing with
 * the same code cannot both succeed.
 */
export async function enrollDevice(
  db: Kysely<DB>,
  input: { code: string; label?: string; publicKeyJwk: object },
  now = new Date(),
): Promise<Enrollment> {
  const codeHash = hashSecret(normalizeEnrollmentCode(input.code));
  const token = newDeviceToken();
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('enrollment_codes').select(['office_code']).where('code_hash', '=', codeHash).executeTakeFirst();
    if (!row) throw new ApiError('enroll_code_invalid');
    const number = await nextCounterValue(trx, `device:${row.office_code}`);
    const deviceCode = `D${String(number).padStart(2, '0')}`;
    if (!DEVICE_CODE.test(deviceCode)) throw new Error(`office ${row.office_code} has run out of device numbers`);
    const deviceId = formatDeviceId(row.office_code, deviceCode);
    const claimed = await trx
      .updateTable('enrollment_codes')
      .set({ used_at: now.toISOString(), device_id: deviceId })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new ApiError('enroll_code_invalid');
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        office_code: row.office_code,
        label: input.label ?? null,
        token_hash: hashSecret(token),
        public_key_jwk: JSON.stringify(input.publicKeyJwk),
        enrolled_at: now.toISOString(),
        revoked_at: null,
      })
      .execute();
    return { deviceId, token, office: row.office_code };
  });
}

export async function findDeviceByToken(db: Kysely<DB>, token: string): Promise<Device | null> {
  const row = await db
    .selectFrom('devices')
    .select(['id', 'office_code'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, officeCode: row.office_code } : null;
}

export async function revokeDevice(db: Kysely<DB>, deviceId: string, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
