import { createHash, randomBytes } from 'node:crypto';
import { contentHash } from '../../src/domain/content-hash';
import { indiaDay } from '../../src/domain/dates';
import { SCHEMA_VERSION, type Envelope } from '../../src/domain/envelope';
import { newId } from '../../src/domain/ids';
import { formatReceiptNo, parseDeviceId } from '../../src/domain/receipt-number';
import { searchKeys } from '../../src/store/search-keys';
import { sampleData } from '../../tests/support/sample-envelope';
import { readOne, readStore } from '../../tests/e2e/support/indexeddb';
import { openAppSession } from '../lib/app-session';
import { judged, median, round, type BenchRecord } from '../lib/records';

// The 2G link: 800 ms round trip, 50 kbit/s each way.
const RTT_MS = 800;
const BYTES_PER_SECOND = 50_000 / 8;
const FILINGS = 3;
const DOCUMENT_BYTES = 50_000;
const RUNS = 3;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Three name-change filings, each with two 50 KB documents (random bytes: a JPEG does not
 * compress either), queued on the device; then the app opens on an emulated 2G link. The
 * figure is the filing bytes (envelopes as sent, plus documents) over what the link could
 * have carried in the time until the device holds every filing as received.
 */
export async function benchSync2g(): Promise<BenchRecord[]> {
  const shares: number[] = [];
  const seconds: number[] = [];
  let payload = 0;
  for (let run = 0; run < RUNS; run++) {
    const session = await openAppSession();
    try {
      const { page, context } = session;
      const device = (await readOne<{ deviceId: string; office: string }>(page, 'meta', 'device'))!;
      const capturedAt = new Date().toISOString();
      const filings = [];
      const documents: { ownerId: string; kind: string; sha256: string; mime: string; size: number; base64: string; addedAt: string }[] = [];
      payload = 0;
      for (let i = 0; i < FILINGS; i++) {
        const id = newId();
        const refs = (['id_proof', 'ownership_proof'] as const).map((kind) => {
          const bytes = randomBytes(DOCUMENT_BYTES);
          documents.push({ ownerId: id, kind, sha256: sha256(bytes), mime: 'image/jpeg', size: bytes.length, base64: bytes.toString('base64'), addedAt: capturedAt });
          return { kind, sha256: sha256(bytes), mime: 'image/jpeg' as const, size: bytes.length };
        });
        const envelope = { id, schemaVersion: SCHEMA_VERSION, type: 'name_change' as const, data: sampleData('name_change', indiaDay(capturedAt), `आवेदक ${i}`), documents: refs, capturedAt, deviceId: device.deviceId, operatorId: 'op-1' };
        const hash = await contentHash(envelope, sha256);
        const receiptNo = formatReceiptNo(device.office, parseDeviceId(device.deviceId)!.device, i + 1);
        const full = { ...envelope, receipt: { receiptNo, issuedAt: capturedAt } } as unknown as Envelope;
        payload += Buffer.byteLength(JSON.stringify(full)) + refs.length * DOCUMENT_BYTES;
        filings.push({ id, type: envelope.type, envelope: full, hash, receiptNo, capturedAt, ...searchKeys(full), state: 'pending' });
      }
      // The link first, so nothing is sent at full speed before it applies.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT_MS, downloadThroughput: BYTES_PER_SECOND, uploadThroughput: BYTES_PER_SECOND });
      await page.evaluate(
        async ({ rows, documents }) => {
          const request = indexedDB.open('sahej');
          const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
          const transaction = db.transaction(['filings', 'outbox', 'documents'], 'readwrite');
          for (const { base64, ...document } of documents) {
            const blob = new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], { type: document.mime });
            transaction.objectStore('documents').put({ ...document, blob });
          }
          for (const row of rows) {
            transaction.objectStore('filings').put(row);
            transaction.objectStore('outbox').add({ kind: 'filing', id: row.id, attempts: 0, notBefore: 0, parked: false });
          }
          await new Promise((resolve) => (transaction.oncomplete = resolve));
          db.close();
        },
        { rows: filings, documents },
      );
      const started = Date.now();
      await page.reload();
      for (;;) {
        const states = (await readStore<{ state: string }>(page, 'filings')).map((filing) => filing.state);
        if (states.length === FILINGS && states.every((state) => state === 'received')) break;
        if (Date.now() - started > 600_000) throw new Error('the 2G drain did not finish in 10 minutes');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const elapsed = (Date.now() - started) / 1000;
      seconds.push(elapsed);
      shares.push((100 * payload) / (elapsed * BYTES_PER_SECOND));
    } finally {
      await session.close();
    }
  }
  return [
    judged(
      {
        name: `sync over emulated 2G (${RTT_MS} ms RTT, 50 kbit/s): filing bytes as a share of the link's capacity`,
        value: round(median(shares), 1),
        unit: '%',
        runs: RUNS,
        reference: { name: `the link's capacity for these ${round(payload / 1024, 0)} KB`, value: round(payload / BYTES_PER_SECOND, 1), unit: 's' },
        note: `${FILINGS} filings with 2 × ${DOCUMENT_BYTES / 1000} KB documents each; median drain ${round(median(seconds), 1)} s`,
      },
      { atLeast: 80 },
    ),
  ];
}
