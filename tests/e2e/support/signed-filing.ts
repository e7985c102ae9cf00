import type { ServerProcess } from '../../../scripts/server-process';
import { contentHash } from '../../../src/domain/content-hash';
import type { Envelope } from '../../../src/domain/envelope';
import { receiptCheckCode } from '../../../src/domain/receipt/check-code';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../../src/domain/receipt/proof';
import { deviceStatement } from '../../../src/domain/receipt/statements';
import { deviceKey } from '../../support/receipt-keys';
import { sampleEnvelope } from '../../support/sample-envelope';

/**
 * A device enrolled over HTTP with its own Web Crypto key, as the app enrolls, for tests that
 * need filings on the real server without driving the whole form in a browser.
 */
export async function enrollSigningDevice(server: ServerProcess, office = 'LKO1') {
  const key = await deviceKey();
  const raw = Buffer.from(key.publicKey, 'base64url');
  const publicKeyJwk = { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') };
  const response = await fetch(`${server.url}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await server.enrollmentCode(office), publicKeyJwk }) });
  if (response.status !== 201) throw new Error(`enrollment failed: ${response.status} ${await response.text()}`);
  return { key, ...((await response.json()) as { deviceId: string; token: string; certificate: ReceiptProof['certificate'] }) };
}

export type SigningDevice = Awaited<ReturnType<typeof enrollSigningDevice>>;

/**
 * Signs and sends a filing as the device would; returns its id, application number, receipt
 * number and check code, and the link its confirmed receipt's QR code carries.
 */
export async function fileOnServer(server: ServerProcess, device: SigningDevice, sequence: number, options: Parameters<typeof sampleEnvelope>[0] = {}) {
  const envelope = sampleEnvelope({ name: 'सीता देवी', ...options, deviceId: device.deviceId });
  const hash = await contentHash(envelope);
  const receiptNo = `${device.deviceId}-${String(sequence).padStart(6, '0')}`;
  const receipt = { receiptNo, issuedAt: envelope.capturedAt, signature: await device.key.sign(deviceStatement({ receiptNo, issuedAt: envelope.capturedAt, deviceId: device.deviceId, hash })) };
  const response = await fetch(`${server.url}/api/v1/applications/${envelope.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
    body: JSON.stringify({ ...envelope, receipt }),
  });
  if (response.status !== 201) throw new Error(`filing refused: ${response.status} ${await response.text()}`);
  const ack = (await response.json()) as { applicationNo: string; receipt: { issuedAt: string; keyId: string; signature: string } };
  const proof: ReceiptProof = {
    envelope: { ...(envelope as unknown as Envelope), receipt },
    certificate: device.certificate,
    confirmation: { applicationNo: ack.applicationNo, receivedAt: ack.receipt.issuedAt, keyId: ack.receipt.keyId, signature: ack.receipt.signature },
  };
  return { id: envelope.id, applicationNo: ack.applicationNo, receiptNo, checkCode: receiptCheckCode(receipt.signature), link: receiptLink(server.url, await encodeReceiptProof(proof)) };
}
