import { canonicalJson } from './canonical-json';

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Fields of an envelope that are not part of the filing's content. The receipt is an
 * attestation *about* the content (it will carry this very hash), so it cannot be part
 * of what is hashed; the rest are made by the server.
 */
export const UNHASHED_FIELDS = ['receipt', 'applicationNo', 'status', 'receivedAt'] as const;

/** A SHA-256 of text, as lower-case hex; the server passes Node's synchronous one. */
export type TextDigest = (text: string) => string | Promise<string>;

/** SHA-256 (hex) of the RFC 8785 form of the envelope minus its unhashed fields. */
export async function contentHash(envelope: object, digest: TextDigest = sha256Hex): Promise<string> {
  const content: Record<string, unknown> = { ...envelope };
  for (const field of UNHASHED_FIELDS) delete content[field];
  return digest(canonicalJson(content));
}
