import { deflateSync, inflateSync } from 'fflate';
import type { Envelope } from '../envelope';
import { fromBase64url, toBase64url } from './base64url';
import { fromBase43, toBase43 } from './base43';
import { PROOF_DICTIONARY_V1 } from './proof-dictionary';

/** The server's word, at enrollment, that a device's public key belongs to that device. */
export interface DeviceCertificate {
  keyId: string;
  /** The device's raw P-256 public key, base64url. */
  publicKey: string;
  office: string;
  issuedAt: string;
  signature: string;
}

/** The server's confirmation of a filing, added to the receipt after sync. */
export interface Confirmation {
  applicationNo: string;
  receivedAt: string;
  keyId: string;
  signature: string;
}

/**
 * Everything a paper receipt carries in its QR code: the filing's envelope (all its fields
 * and the hashes of its documents, not their bytes), the device's signature, the device's
 * certificate, and — once synced — the server's confirmation. From this alone a phone can
 * check the receipt offline and a server can re-create a filing it lost.
 */
export interface ReceiptProof {
  envelope: Envelope & { receipt: { receiptNo: string; issuedAt: string; signature: string } };
  certificate: DeviceCertificate;
  confirmation?: Confirmation;
}

export const PROOF_VERSION = 1;
const DICTIONARY = new TextEncoder().encode(PROOF_DICTIONARY_V1);
const SIGNATURE = 64;
const PUBLIC_KEY = 65;

/*
 * Layout, version 1 (all binary, then base43):
 *   version (1) · flags (1: bit 0 = confirmation) · receipt signature (64) · device public
 *   key (65) · certificate signature (64) · [confirmation signature (64)] · document count
 *   (1) · document hashes (32 each) · deflate, with the preset dictionary, of the JSON
 *   { e: envelope without receipt and without document hashes, r: [receiptNo, issuedAt],
 *     c: [keyId, office, issuedAt], a?: [applicationNo, receivedAt, keyId] }.
 * Signatures, keys and hashes do not compress, so they travel raw; the rest is mostly
 * the dictionary's keys and values and compresses to little.
 */
export function encodeProofBytes(proof: ReceiptProof): Uint8Array<ArrayBuffer> {
  const { receipt, documents, ...rest } = proof.envelope;
  const meta = {
    e: { ...rest, documents: documents.map(({ sha256: _sha256, ...document }) => document) },
    r: [receipt.receiptNo, receipt.issuedAt],
    c: [proof.certificate.keyId, proof.certificate.office, proof.certificate.issuedAt],
    ...(proof.confirmation ? { a: [proof.confirmation.applicationNo, proof.confirmation.receivedAt, proof.confirmation.keyId] } : {}),
  };
  const packed = deflateSync(new TextEncoder().encode(JSON.stringify(meta)), { level: 9, dictionary: DICTIONARY });
  const fixed = [
    Uint8Array.of(PROOF_VERSION, proof.confirmation ? 1 : 0),
    fromBase64url(receipt.signature),
    fromBase64url(proof.certificate.publicKey),
    fromBase64url(proof.certificate.signature),
    ...(proof.confirmation ? [fromBase64url(proof.confirmation.signature)] : []),
    Uint8Array.of(documents.length),
    ...documents.map((document) => Uint8Array.from(document.sha256.match(/../g)!.map((pair) => parseInt(pair, 16)))),
    packed,
  ];
  const bytes = new Uint8Array(fixed.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of fixed) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

export function decodeProofBytes(bytes: Uint8Array): ReceiptProof | undefined {
  try {
    if (bytes[0] !== PROOF_VERSION) return undefined;
    const confirmed = (bytes[1]! & 1) === 1;
    let at = 2;
    const take = (length: number) => {
      if (at + length > bytes.length) throw new RangeError('truncated');
      const part = bytes.subarray(at, at + length);
      at += length;
      return part;
    };
    const receiptSignature = toBase64url(take(SIGNATURE));
    const publicKey = toBase64url(take(PUBLIC_KEY));
    const certificateSignature = toBase64url(take(SIGNATURE));
    const confirmationSignature = confirmed ? toBase64url(take(SIGNATURE)) : undefined;
    const hashes = Array.from({ length: take(1)[0]! }, () => Array.from(take(32), (byte) => byte.toString(16).padStart(2, '0')).join(''));
    const meta = JSON.parse(new TextDecoder().decode(inflateSync(bytes.subarray(at), { dictionary: DICTIONARY }))) as {
      e: Omit<Envelope, 'receipt'> & { documents: Omit<Envelope['documents'][number], 'sha256'>[] };
      r: [string, string];
      c: [string, string, string];
      a?: [string, string, string];
    };
    if (meta.e.documents.length !== hashes.length || (confirmed && !meta.a)) return undefined;
    const envelope = {
      ...meta.e,
      documents: meta.e.documents.map((document, index) => ({ ...document, sha256: hashes[index]! })),
      receipt: { receiptNo: meta.r[0], issuedAt: meta.r[1], signature: receiptSignature },
    } as ReceiptProof['envelope'];
    return {
      envelope,
      certificate: { keyId: meta.c[0], publicKey, office: meta.c[1], issuedAt: meta.c[2], signature: certificateSignature },
      ...(meta.a && confirmationSignature ? { confirmation: { applicationNo: meta.a[0], receivedAt: meta.a[1], keyId: meta.a[2], signature: confirmationSignature } } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The proof as QR text: base43, for the QR code's compact alphanumeric mode. */
export async function encodeReceiptProof(proof: ReceiptProof): Promise<string> {
  return toBase43(encodeProofBytes(proof));
}

/** The proof inside a QR code's text; undefined for anything that is not one. */
export async function decodeReceiptProof(text: string): Promise<ReceiptProof | undefined> {
  try {
    return decodeProofBytes(fromBase43(text.trim().toUpperCase()));
  } catch {
    return undefined;
  }
}

/**
 * The text of the QR code: a link to the verifying page with the proof after the `#`, so
 * it never reaches a server's logs. Upper case, so all of it but the `#` fits the QR
 * code's alphanumeric mode (scheme and host are case-insensitive; the app serves /R/ too).
 */
export function receiptLink(origin: string, payload: string): string {
  return `${origin.toUpperCase()}/R/#${payload}`;
}

/** The proof's part of a receipt link (or the payload itself, as a scanner app may hand it over). */
export function payloadOfLink(text: string): string {
  const hash = text.indexOf('#');
  return hash === -1 ? text.trim() : text.slice(hash + 1).trim();
}
