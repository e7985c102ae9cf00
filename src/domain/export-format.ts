import type { Envelope } from './envelope';

/**
 * A device export: one ustar archive, written filing by filing so a large export never
 * needs all its documents in memory. The server's `import` reads the same format.
 *
 *   sahej-export.json           ExportHeader
 *   filings/{id}.json           ExportedFiling, then, right after it,
 *   documents/{sha256}          each of its documents' bytes (once per archive)
 *   …
 *   sahej-export-end.json       ExportTrailer: counts, so a truncated file is detected
 */
export const EXPORT_FORMAT = 'sahej-export';
export const EXPORT_VERSION = 1;
export const EXPORT_HEADER_ENTRY = 'sahej-export.json';
export const EXPORT_TRAILER_ENTRY = 'sahej-export-end.json';
export const filingEntry = (id: string) => `filings/${id}.json`;
export const documentEntry = (sha256: string) => `documents/${sha256}`;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  deviceId: string;
  office: string;
  exportedAt: string;
}

export interface ExportedFiling {
  id: string;
  /** The envelope exactly as queued for the server, receipt included. */
  envelope: Envelope;
  /** The content hash the device computed. */
  hash: string;
  receiptNo: string;
  state: string;
  applicationNo?: string;
  receivedAt?: string;
}

export interface ExportTrailer {
  filings: number;
  documents: number;
}
