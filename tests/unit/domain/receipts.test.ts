import { describe, expect, it } from 'vitest';
import { BASE43_ALPHABET, fromBase43, toBase43 } from '../../../src/domain/receipt/base43';
import { checkReceiptProof } from '../../../src/domain/receipt/check';
import { normaliseCheckCode, receiptCheckCode } from '../../../src/domain/receipt/check-code';
import { toBase64url } from '../../../src/domain/receipt/base64url';
import { deviceIdOfReceiptNo } from '../../../src/domain/receipt-number';
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
    // Several hundred signature checks: about 2 s alone, over 5 s on a busy 2-core machine.
  }, 30_000);

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

  it('derives a receipt’s check code from its signature: 8 Crockford characters, typed any way, the same everywhere', async () => {
    const signatureOf = (bytes: number[]) => toBase64url(Uint8Array.from({ length: 64 }, (_, index) => bytes[index] ?? 0xaa));
    // 0x0123456789 read five bits at a time: 0 4 17 20 10 25 28 9.
    expect(receiptCheckCode(signatureOf([0x01, 0x23, 0x45, 0x67, 0x89]))).toBe('04HM-ASW9');
    expect(receiptCheckCode(signatureOf([0, 0, 0, 0, 0]))).toBe('0000-0000');
    expect(receiptCheckCode(signatureOf([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('ZZZZ-ZZZZ');
    // Only the first five bytes count: the rest of the signature never changes the code.
    expect(receiptCheckCode(signatureOf([0x01, 0x23, 0x45, 0x67, 0x89, 1, 2, 3]))).toBe('04HM-ASW9');
    expect(() => receiptCheckCode('AAAA')).toThrow();

    expect(normaliseCheckCode('04HM-ASW9')).toBe('04HM-ASW9');
    expect(normaliseCheckCode(' o4hm asw9 ')).toBe('04HM-ASW9');
    expect(normaliseCheckCode('I1LL-0000')).toBe('1111-0000');
    for (const bad of ['', '04HM-ASW', '04HM-ASW9Z', '04HM-ASWU', '04HM_ASW9', '०४HM-ASW9']) expect([bad, normaliseCheckCode(bad)]).toEqual([bad, undefined]);

    // Real signatures: each receipt its own code.
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { proof } = await signedProof(sampleEnvelope() as never);
      const code = receiptCheckCode(proof.envelope.receipt.signature);
      expect(normaliseCheckCode(code)).toBe(code);
      codes.add(code);
    }
    expect(codes.size).toBe(20);
  });

  it('names the device a receipt number belongs to', () => {
    expect(deviceIdOfReceiptNo('LKO1-D07-000042')).toBe('LKO1-D07');
    expect(deviceIdOfReceiptNo('LKO1-D07-000042-1')).toBeNull();
    expect(deviceIdOfReceiptNo('lko1-D07-000042')).toBeNull();
  });
});
