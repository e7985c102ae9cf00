import { describe, expect, it } from 'vitest';
import vectors from '../../vectors/canonical-json.json';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { contentHash, sha256Hex } from '../../../src/domain/content-hash';
import { sampleEnvelope } from '../../support/sample-envelope';

function doubleFromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonical JSON (RFC 8785)', () => {
  for (const vector of vectors.cases) {
    it(`${vector.name}: canonical form and SHA-256`, async () => {
      const canonical = canonicalJson(JSON.parse(vector.input));
      expect(canonical).toBe(vector.canonical);
      expect(await sha256Hex(canonical)).toBe(vector.sha256);
    });
  }

  it('formats every number of the RFC appendix like ECMAScript', () => {
    for (const { ieee754, json } of vectors.numbers) {
      expect(canonicalJson(doubleFromBits(ieee754)), ieee754).toBe(json);
    }
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow();
  });
});

describe('content hash', () => {
  it('ignores key order, the receipt and server-made fields', async () => {
    const envelope = sampleEnvelope();
    const base = await contentHash(envelope);
    const reordered = Object.fromEntries(Object.entries(envelope).reverse());
    expect(await contentHash(reordered)).toBe(base);
    expect(await contentHash({ ...envelope, receipt: { receiptNo: 'LKO1-D01-000001', issuedAt: envelope.capturedAt } })).toBe(base);
    expect(await contentHash({ ...envelope, applicationNo: 'LKO1-000001', status: 'received', receivedAt: envelope.capturedAt })).toBe(base);
  });

  it('changes when any content changes', async () => {
    const envelope = sampleEnvelope();
    const base = await contentHash(envelope);
    const changed = structuredClone(envelope);
    changed.data.applicant.mobile = '9876543211';
    expect(await contentHash(changed)).not.toBe(base);
    expect(await contentHash({ ...envelope, capturedAt: new Date(0).toISOString() })).not.toBe(base);
  });

  it('is the SHA-256 of the canonical form without the receipt', async () => {
    const { ...envelope } = sampleEnvelope();
    expect(await contentHash({ ...envelope, receipt: { x: 1 } })).toBe(await sha256Hex(canonicalJson(envelope)));
  });
});
