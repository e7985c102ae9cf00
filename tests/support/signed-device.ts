import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { contentHash } from '../../src/domain/content-hash';
import { deviceStatement } from '../../src/domain/receipt/statements';
import type { DB } from '../../server/db/schema';
import { createEnrollmentCode } from '../../server/services/devices';
import { deviceKey } from './receipt-keys';
import { sampleEnvelope } from './sample-envelope';

export type SignedDevice = Awaited<ReturnType<typeof enrollSignedDevice>>;

/** A device enrolled as the app enrolls: its own Web Crypto key, the server's certificate back. */
export async function enrollSignedDevice(app: FastifyInstance, db: Kysely<DB>, office = 'LKO1') {
  const key = await deviceKey();
  const raw = Buffer.from(key.publicKey, 'base64url');
  const publicKeyJwk = { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') };
  const { code } = await createEnrollmentCode(db, office);
  const response = await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, publicKeyJwk } });
  if (response.statusCode !== 201) throw new Error(`enrollment failed: ${response.body}`);
  return { key, ...(response.json() as { deviceId: string; token: string; certificate: { keyId: string; publicKey: string; office: string; issuedAt: string; signature: string } }) };
}

/** Captures, signs and sends a filing as the device would; returns it with its hash and the server's answer. */
export async function fileSigned(app: FastifyInstance, device: SignedDevice, options: Parameters<typeof sampleEnvelope>[0] = {}, sequence = 1) {
  const envelope = sampleEnvelope({ name: 'सीता देवी', ...options, deviceId: device.deviceId });
  const hash = await contentHash(envelope);
  const receiptNo = `${device.deviceId}-${String(sequence).padStart(6, '0')}`;
  const receipt = { receiptNo, issuedAt: envelope.capturedAt, signature: await device.key.sign(deviceStatement({ receiptNo, issuedAt: envelope.capturedAt, deviceId: device.deviceId, hash })) };
  const response = await app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: { ...envelope, receipt } });
  if (response.statusCode !== 201) throw new Error(`filing refused: ${response.body}`);
  return { envelope: { ...envelope, receipt }, hash, ack: response.json() };
}
