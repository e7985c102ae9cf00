import type { Kysely } from 'kysely';
import type { DeviceCertificate } from '../../src/domain/receipt/proof';
import { certificateStatement } from '../../src/domain/receipt/statements';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { rawPublicKey, type ServerKeys } from '../keys/server-keys';

/** The server's signed word that this public key is this device's: what lets a phone trust its receipts offline. */
export async function certifyDevice(db: Kysely<DB>, keys: ServerKeys, deviceId: string): Promise<DeviceCertificate> {
  const device = await db.selectFrom('devices').select(['office_code', 'public_key_jwk', 'enrolled_at']).where('id', '=', deviceId).executeTakeFirst();
  if (!device) throw new ApiError('not_found');
  const publicKey = rawPublicKey(JSON.parse(device.public_key_jwk) as { x?: string; y?: string });
  const statement = { deviceId, office: device.office_code, publicKey, issuedAt: device.enrolled_at };
  const { keyId, signature } = await keys.sign(certificateStatement(statement));
  return { keyId, publicKey, office: device.office_code, issuedAt: device.enrolled_at, signature };
}

export async function revokedDevices(db: Kysely<DB>): Promise<{ deviceId: string; revokedAt: string }[]> {
  const rows = await db.selectFrom('devices').select(['id', 'revoked_at']).where('revoked_at', 'is not', null).where('label', 'is distinct from', 'imported').execute();
  return rows.map((row) => ({ deviceId: row.id, revokedAt: row.revoked_at! }));
}
