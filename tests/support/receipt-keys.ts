import { generateKeyPairSync, sign } from 'node:crypto';
import { toBase64url } from '../../src/domain/receipt/base64url';
import type { DeviceCertificate, ReceiptProof } from '../../src/domain/receipt/proof';
import { certificateStatement, deviceStatement, serverStatement } from '../../src/domain/receipt/statements';
import { contentHash } from '../../src/domain/content-hash';
import type { Envelope } from '../../src/domain/envelope';

/** A server signing key made with Node's crypto, as the server makes them. */
export function serverKey(keyId = 'k-test') {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]).toString('base64url');
  return {
    keyId,
    publicKey: raw,
    sign: (data: Uint8Array) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
  };
}

/** A device key pair made with Web Crypto (non-extractable private key), as the app makes them. */
export async function deviceKey() {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return {
    publicKey,
    sign: async (data: Uint8Array<ArrayBuffer>) => toBase64url(new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, data))),
  };
}

/** A complete, signed (and optionally confirmed) receipt proof for an envelope. */
export async function signedProof(
  envelope: Omit<Envelope, 'receipt'>,
  options: { server?: ReturnType<typeof serverKey>; device?: Awaited<ReturnType<typeof deviceKey>>; receiptNo?: string; confirm?: boolean } = {},
): Promise<{ proof: ReceiptProof; server: ReturnType<typeof serverKey>; hash: string }> {
  const server = options.server ?? serverKey();
  const device = options.device ?? (await deviceKey());
  const office = envelope.deviceId.split('-')[0]!;
  const issuedAt = envelope.capturedAt;
  const certificate: DeviceCertificate = {
    keyId: server.keyId,
    publicKey: device.publicKey,
    office,
    issuedAt: '2026-01-01T00:00:00.000Z',
    signature: server.sign(certificateStatement({ deviceId: envelope.deviceId, office, publicKey: device.publicKey, issuedAt: '2026-01-01T00:00:00.000Z' })),
  };
  const hash = await contentHash(envelope);
  const receiptNo = options.receiptNo ?? `${envelope.deviceId}-000042`;
  const signature = await device.sign(deviceStatement({ receiptNo, issuedAt, deviceId: envelope.deviceId, hash }));
  const proof: ReceiptProof = { envelope: { ...(envelope as Envelope), receipt: { receiptNo, issuedAt, signature } }, certificate };
  if (options.confirm) {
    const receivedAt = new Date(Date.parse(issuedAt) + 60_000).toISOString();
    proof.confirmation = { applicationNo: `${office}-000007`, receivedAt, keyId: server.keyId, signature: server.sign(serverStatement({ receiptNo, applicationNo: `${office}-000007`, hash, receivedAt })) };
  }
  return { proof, server, hash };
}
