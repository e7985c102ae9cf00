import {
  documentEntry,
  EXPORT_FORMAT,
  EXPORT_HEADER_ENTRY,
  EXPORT_TRAILER_ENTRY,
  EXPORT_VERSION,
  filingEntry,
  type ExportedFiling,
  type ExportHeader,
  type ExportTrailer,
} from '../domain/export-format';
import { tarEnd, tarHeader, tarPadding } from '../domain/tar';
import { zonedDateTime } from '../domain/format-dates';
import type { SahejDatabase } from './database';
import { loadDevice } from './device';

const encoder = new TextEncoder();
const BATCH = 25;

function jsonEntry(name: string, value: unknown, mtime: number): BlobPart[] {
  const bytes = encoder.encode(JSON.stringify(value));
  return [tarHeader(name, bytes.length, mtime), bytes, tarPadding(bytes.length)];
}

/**
 * Yields the export archive in pieces, filing by filing. Documents are yielded as the
 * stored Blobs themselves: assembling the pieces into one Blob references them rather
 * than copying their bytes, so memory stays flat however many filings there are.
 */
export async function* exportParts(db: SahejDatabase, now = new Date()): AsyncGenerator<BlobPart[]> {
  const device = await loadDevice(db);
  const mtime = now.getTime() / 1000;
  const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, deviceId: device?.deviceId ?? '', office: device?.office ?? '', exportedAt: now.toISOString() };
  yield jsonEntry(EXPORT_HEADER_ENTRY, header, mtime);

  const written = new Set<string>();
  let filings = 0;
  let lastKey: string | undefined;
  for (;;) {
    // Page by primary key so a long export never loads every filing at once.
    const page = await (lastKey === undefined ? db.filings.orderBy('id') : db.filings.where('id').above(lastKey)).limit(BATCH).toArray();
    if (!page.length) break;
    for (const filing of page) {
      const exported: ExportedFiling = {
        id: filing.id,
        envelope: filing.envelope,
        hash: filing.hash,
        receiptNo: filing.receiptNo,
        state: filing.state,
        ...(filing.applicationNo ? { applicationNo: filing.applicationNo } : {}),
        ...(filing.receivedAt ? { receivedAt: filing.receivedAt } : {}),
      };
      const parts = jsonEntry(filingEntry(filing.id), exported, mtime);
      for (const document of await db.documents.where('ownerId').equals(filing.id).toArray()) {
        if (written.has(document.sha256)) continue;
        written.add(document.sha256);
        parts.push(tarHeader(documentEntry(document.sha256), document.blob.size, mtime), document.blob, tarPadding(document.blob.size));
      }
      filings++;
      yield parts;
    }
    lastKey = page.at(-1)!.id;
  }
  const trailer: ExportTrailer = { filings, documents: written.size };
  yield [...jsonEntry(EXPORT_TRAILER_ENTRY, trailer, mtime), tarEnd()];
}

/** The whole export as one Blob (built from references, not copies). */
export async function exportBlob(db: SahejDatabase, now = new Date()): Promise<Blob> {
  const parts: BlobPart[] = [];
  for await (const chunk of exportParts(db, now)) parts.push(...chunk);
  return new Blob(parts, { type: 'application/x-tar' });
}

export function exportFileName(deviceId: string, now = new Date()): string {
  return `sahej-export-${deviceId || 'device'}-${zonedDateTime(now).replace(/[: ]/g, '-')}.tar`;
}
