import { describe, expect, it } from 'vitest';
import { BASE43_ALPHABET, fromBase43, toBase43 } from '../../../src/domain/receipt/base43';
import { checkReceiptProof } from '../../../src/domain/receipt/check';
import { decodeReceiptProof, encodeReceiptProof, payloadOfLink, receiptLink } from '../../../src/domain/receipt/proof';
import { deviceKey, serverKey, signedProof } from '../../support/receipt-keys';
import { sampleEnvelope, sampleEnvelopeOf } from '../../support/sample-envelope';
import { REQUEST_TYPES } from '../../../src/domain/requests';

const trusted = (server: { keyId: string; publicKey: string }, revoked: { deviceId: string; revokedAt: string }[] = []) => ({ serverKeys: [server], revokedDevices: revoked });

describe('receipts', () => {
  it('base43 round-trips any bytes using only QR alphanumeric characters safe in a URL', () => {
    for (let length = 0; length < 64; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(Math.random() * 256));
      const text = toBase43(bytes);
      expect([...text].every((char) => BASE43_ALPHABET.includes(char) && char !== ' ' && char !== '%')).toBe(true);
      expect(fromBase43(text)).toEqual(bytes);
    }
    expect(() => fromBase43('a')).toThrow();
  });

  it.each(REQUEST_TYPES)('%s: a signed receipt encodes, decodes and verifies', async (type) => {
    const envelope = type === 'new_connection' ? sampleEnvelope({ name: 'सीता क्षत्रिय' }) : sampleEnvelopeOf(type);
    const { proof, server, hash } = await signedProof(envelope as never, { confirm: true });
    const payload = await encodeReceiptProof(proof);
    const decoded = await decodeReceiptProof(payload);
    expect(decoded).toEqual(proof);
    const check = await checkReceiptProof(decoded!, trusted(server));
    expect(check).toMatchObject({ status: 'verified', confirmed: true, hash });
    console.log(`${type}: QR payload ${payload.length} characters (${Math.ceil((payload.length * 2) / 3)} bytes)`);
  });

  it('fails verification when any character of the payload changes', async () => {
    const { proof, server } = await signedProof(sampleEnvelope() as never, { confirm: true });
    const payload = await encodeReceiptProof(proof);
    let unreadable = 0;
    for (let i = 0; i < payload.length; i++) {
      const replaced = BASE43_ALPHABET[(BASE43_ALPHABET.indexOf(payload[i]!) + 1) % BASE43_ALPHABET.length]!;
      const changed = await decodeReceiptProof(payload.slice(0, i) + replaced + payload.slice(i + 1));
      if (!changed) {
        unreadable++;
        continue;
      }
      expect((await checkReceiptProof(changed, trusted(server))).status, `character ${i}`).not.toBe('verified');
    }
    console.log(`${payload.length} one-character changes: ${unreadable} no longer decode, the rest fail their signatures`);
  });

  it('reports a receipt from a device the server never certified, or revoked', async () => {
    const { proof, server } = await signedProof(sampleEnvelope() as never);
    const stranger = serverKey('k-test');
    expect((await checkReceiptProof(proof, trusted(stranger))).status).toBe('unregistered_device');
    expect((await checkReceiptProof(proof, trusted({ keyId: 'k-other', publicKey: server.publicKey }))).status).toBe('unregistered_device');
    // A device key swapped in after certification.
    const forged = { ...proof, certificate: { ...proof.certificate, publicKey: (await deviceKey()).publicKey } };
    expect((await checkReceiptProof(forged, trusted(server))).status).toBe('unregistered_device');
    const revoked = await checkReceiptProof(proof, trusted(server, [{ deviceId: 'LKO1-D01', revokedAt: '2026-11-01T00:00:00.000Z' }]));
    expect(revoked).toMatchObject({ status: 'revoked_device', revokedAt: '2026-11-01T00:00:00.000Z' });
  });

  it('catches a changed filing, a changed receipt number and a forged confirmation', async () => {
    const { proof, server } = await signedProof(sampleEnvelope() as never, { confirm: true });
    const changedFiling = structuredClone(proof);
    (changedFiling.envelope.data as { fee: { amount: number } }).fee.amount = 10;
    expect((await checkReceiptProof(changedFiling, trusted(server))).status).toBe('bad_signature');
    const renumbered = structuredClone(proof);
    renumbered.envelope.receipt.receiptNo = 'LKO1-D01-000043';
    expect((await checkReceiptProof(renumbered, trusted(server))).status).toBe('bad_signature');
    const reconfirmed = structuredClone(proof);
    reconfirmed.confirmation!.applicationNo = 'LKO1-000999';
    expect((await checkReceiptProof(reconfirmed, trusted(server))).status).toBe('bad_signature');
  });

  it('puts the payload after the # of an upper-case link', () => {
    expect(receiptLink('http://kiosk.local:8080', 'ABC')).toBe('HTTP://KIOSK.LOCAL:8080/R/#ABC');
    expect(payloadOfLink('HTTP://KIOSK.LOCAL:8080/R/#ABC')).toBe('ABC');
    expect(payloadOfLink(' ABC ')).toBe('ABC');
  });
});
