import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash, sha256Hex } from '../../../src/domain/content-hash';
import { EXPORT_HEADER_ENTRY, EXPORT_TRAILER_ENTRY, type ExportedFiling } from '../../../src/domain/export-format';
import { readTar } from '../../../src/domain/tar';
import { REQUEST_TYPES } from '../../../src/domain/requests';
import { exportBlob } from '../../../src/store/export';
import { createClientFixture, sampleDocument, type ClientFixture } from '../../support/client-fixture';

describe('exporting every filing with its documents', () => {
  let fx: ClientFixture;
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('round-trips 200 filings: every filing hash and document hash preserved', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 200; i++) {
      const type = REQUEST_TYPES[i % REQUEST_TYPES.length]!;
      await fx.submit(`आवेदक ${i}`, type);
    }
    const stored = await fx.db.filings.toArray();
    const storedDocuments = await fx.db.documents.toArray();

    const archive = new Uint8Array(await (await exportBlob(fx.db)).arrayBuffer());
    const entries = [...readTar(archive)];
    expect(entries[0]!.name).toBe(EXPORT_HEADER_ENTRY);
    expect(JSON.parse(new TextDecoder().decode(entries[0]!.data))).toMatchObject({ format: 'sahej-export', version: 1, deviceId: fx.enrollment.deviceId });
    expect(entries.at(-1)!.name).toBe(EXPORT_TRAILER_ENTRY);
    expect(JSON.parse(new TextDecoder().decode(entries.at(-1)!.data))).toEqual({ filings: 200, documents: storedDocuments.length });

    const filings = entries.filter((entry) => entry.name.startsWith('filings/')).map((entry) => JSON.parse(new TextDecoder().decode(entry.data)) as ExportedFiling);
    expect(filings).toHaveLength(200);
    for (const filing of filings) {
      const original = stored.find((candidate) => candidate.id === filing.id)!;
      expect(filing.hash).toBe(original.hash);
      // The hash still matches the exported envelope, recomputed from scratch.
      expect(await contentHash(filing.envelope)).toBe(filing.hash);
      expect(filing.receiptNo).toBe(original.receiptNo);
    }
    const documents = entries.filter((entry) => entry.name.startsWith('documents/'));
    expect(documents).toHaveLength(storedDocuments.length);
    for (const document of documents) expect(await sha256Hex(new Uint8Array(document.data))).toBe(document.name.slice('documents/'.length));
    // Every document a filing lists is in the archive, right after its filing.
    const names = entries.map((entry) => entry.name);
    for (const filing of filings) {
      for (const ref of filing.envelope.documents) {
        expect(names.indexOf(`documents/${ref.sha256}`)).toBeGreaterThan(names.indexOf(`filings/${filing.id}.json`));
      }
    }
  });

  it('writes a document shared by two filings once', async () => {
    const shared = await sampleDocument('other', 'shared');
    const a = await fx.submit('क', 'prepaid_to_postpaid');
    const b = await fx.submit('ख', 'prepaid_to_postpaid');
    await fx.db.documents.bulkPut([
      { ...shared, ownerId: a.id, addedAt: '' },
      { ...shared, ownerId: b.id, addedAt: '' },
    ]);
    const entries = [...readTar(new Uint8Array(await (await exportBlob(fx.db)).arrayBuffer()))];
    expect(entries.filter((entry) => entry.name === `documents/${shared.sha256}`)).toHaveLength(1);
  });

  it('is a tar that standard tools read (ustar headers with valid checksums)', async () => {
    await fx.submit();
    const archive = new Uint8Array(await (await exportBlob(fx.db)).arrayBuffer());
    expect(archive.length % 512).toBe(0);
    expect(new TextDecoder().decode(archive.subarray(257, 262))).toBe('ustar');
    expect(() => [...readTar(archive.subarray(0, 512 + 100))]).toThrow(/truncated/);
    const corrupt = new Uint8Array(archive);
    corrupt[10] = 0x41;
    expect(() => [...readTar(corrupt)]).toThrow(/checksum/);
  });
});
