import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface Signature {
  keyId: string;
  signature: string;
}

/** A P-256 public key as the raw uncompressed point (0x04 ‖ x ‖ y), base64url: compact enough for a QR code. */
export function rawPublicKey(jwk: { x?: string; y?: string }): string {
  if (!jwk.x || !jwk.y) throw new Error('not an EC public key');
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]).toString('base64url');
}

function signWith(key: { keyId: string; privateKey: KeyObject }, data: Uint8Array): Signature {
  return { keyId: key.keyId, signature: sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url') };
}

/**
 * The server's signing keys, in the database so every server process signs with the same
 * key and a restore brings them back. The newest unretired key signs; retired keys stay
 * listed (GET /api/v1/keys) so what they signed can still be verified after a rotation.
 */
export class ServerKeys {
  private current: { keyId: string; privateKey: KeyObject } | undefined;

  constructor(private readonly db: Kysely<DB>) {}

  private async newest(): Promise<{ key_id: string; private_key_pem: string } | undefined> {
    return this.db.selectFrom('server_keys').select(['key_id', 'private_key_pem']).where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('key_id').executeTakeFirst();
  }

  /** Makes a new key; the one signing until now is retired. */
  async rotate(now = new Date()): Promise<string> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyId = `k-${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('server_keys').set({ retired_at: now.toISOString() }).where('retired_at', 'is', null).execute();
      await trx
        .insertInto('server_keys')
        .values({ key_id: keyId, public_key: rawPublicKey(publicKey.export({ format: 'jwk' })), private_key_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), created_at: now.toISOString(), retired_at: null })
        .execute();
    });
    this.current = undefined;
    return keyId;
  }

  private async signingKey(): Promise<{ keyId: string; privateKey: KeyObject }> {
    if (this.current) return this.current;
    let row = await this.newest();
    if (!row) {
      await this.rotate();
      // Two processes may each have made one; all agree on the newest.
      row = await this.newest();
    }
    this.current = { keyId: row!.key_id, privateKey: createPrivateKey(row!.private_key_pem) };
    return this.current;
  }

  /** ECDSA P-256 / SHA-256, 64 bytes r‖s base64url: the form Web Crypto verifies. */
  async sign(data: Uint8Array): Promise<Signature> {
    return signWith(await this.signingKey(), data);
  }

  /**
   * A synchronous signer, with the key loaded beforehand: for use inside a transaction,
   * where reading the key from the database (another query) could wait on that very transaction.
   */
  async signer(): Promise<(data: Uint8Array) => Signature> {
    const key = await this.signingKey();
    return (data) => signWith(key, data);
  }

  async publicKeys(): Promise<{ keyId: string; publicKey: string; createdAt: string; retiredAt: string | null }[]> {
    await this.signingKey();
    const rows = await this.db.selectFrom('server_keys').select(['key_id', 'public_key', 'created_at', 'retired_at']).orderBy('created_at').execute();
    return rows.map((row) => ({ keyId: row.key_id, publicKey: row.public_key, createdAt: row.created_at, retiredAt: row.retired_at }));
  }
}
