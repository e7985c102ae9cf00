import { DOCUMENT_MIME_TYPES } from './envelope';

export type DocumentMime = (typeof DOCUMENT_MIME_TYPES)[number];

/** How many leading bytes sniffDocumentType needs (WebP's signature ends at byte 12). */
export const SNIFF_BYTES = 12;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const PDF = ascii('%PDF-');

/**
 * What a document's bytes are, judged by their leading bytes alone — never by the type a
 * sender declared, which is only a claim. Only the four types a filing may carry are
 * recognised; anything else (HTML, script, SVG, an archive) is null and must not be stored
 * or served, since a browser would run what a declared type hides.
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentMime | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  if (startsWith(bytes, PDF)) return 'application/pdf';
  return null;
}
