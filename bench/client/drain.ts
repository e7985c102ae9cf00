import { createHash } from 'node:crypto';
import { contentHash } from '../../src/domain/content-hash';
import { indiaDay } from '../../src/domain/dates';
import { SCHEMA_VERSION } from '../../src/domain/envelope';
import { newId } from '../../src/domain/ids';
import { formatReceiptNo, parseDeviceId } from '../../src/domain/receipt-number';
import { searchKeys } from '../../src/store/search-keys';
import type { Envelope } from '../../src/domain/envelope';
import { sampleData } from '../../tests/support/sample-envelope';
import { readOne } from '../../tests/e2e/support/indexeddb';
import { openAppSession } from '../lib/app-session';
import { judged, median, round, type BenchRecord } from '../lib/records';

const FILINGS = 1000;
const RUNS = 3;

/**
 * 1,000 filings queued in Chromium's IndexedDB (as a day offline leaves them), then the
 * app is opened: the time until the server holds all 1,000, checked in its own database.
 */
export async function benchDrain(): Promise<BenchRecord[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const session = await openAppSession();
    try {
      const { page, server } = session;
      const device = (await readOne<{ deviceId: string; office: string }>(page, 'meta', 'device'))!;
      const capturedAt = new Date().toISOString();
      const filings = [];
      for (let i = 0; i < FILINGS; i++) {
        const envelope = {
          id: newId(),
          schemaVersion: SCHEMA_VERSION,
          type: 'prepaid_to_postpaid' as const,
          data: sampleData('prepaid_to_postpaid', indiaDay(capturedAt), `आवेदक ${i}`),
          documents: [],
          capturedAt,
          deviceId: device.deviceId,
          operatorId: 'op-1',
        };
        const hash = await contentHash(envelope, (text) => createHash('sha256').update(text).digest('hex'));
        const receiptNo = formatReceiptNo(device.office, parseDeviceId(device.deviceId)!.device, i + 1);
        const full = { ...envelope, receipt: { receiptNo, issuedAt: capturedAt } } as unknown as Envelope;
        filings.push({ id: envelope.id, type: envelope.type, envelope: full, hash, receiptNo, capturedAt, ...searchKeys(full), state: 'pending' });
      }
      await page.evaluate(async (rows) => {
        const request = indexedDB.open('sahej');
        const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
        const transaction = db.transaction(['filings', 'outbox'], 'readwrite');
        for (const row of rows) {
          transaction.objectStore('filings').put(row);
          transaction.objectStore('outbox').add({ kind: 'filing', id: row.id, attempts: 0, notBefore: 0, parked: false });
        }
        await new Promise((resolve) => (transaction.oncomplete = resolve));
        db.close();
      }, filings);
      const started = Date.now();
      await page.reload();
      for (;;) {
        if (server.applications().length >= FILINGS) break;
        if (Date.now() - started > 120_000) throw new Error('the drain did not finish in 2 minutes');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      times.push((Date.now() - started) / 1000);
    } finally {
      await session.close();
    }
  }
  return [judged({ name: `drain: ${FILINGS} queued filings from Chromium to the server on loopback (from opening the app)`, value: round(median(times), 2), unit: 's', runs: RUNS }, { atMost: 10 })];
}
