import { fromBase64url } from './base64url';

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * Checks an ECDSA P-256 / SHA-256 signature (64 bytes, r‖s, as Web Crypto makes them)
 * against a raw uncompressed public key (65 bytes), both base64url. False, not an
 * exception, for anything malformed.
 */
export async function verifySignature(publicKey: string, signature: string, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64url(publicKey), P256, false, ['verify']);
    return await crypto.subtle.verify(SIGNING, key, fromBase64url(signature), data);
  } catch {
    return false;
  }
}
