import { canonicalJson } from '../canonical-json';

/**
 * What is signed, as canonical JSON: a short statement that names the filing by its
 * content hash. Whoever checks a signature recomputes the hash from the filing itself, so
 * the signature covers every field of the filing without carrying it.
 */
const encoder = new TextEncoder();

/** The device's own statement at capture: "I issued this receipt number for this content". */
export function deviceStatement(input: { receiptNo: string; issuedAt: string; deviceId: string; hash: string }): Uint8Array<ArrayBuffer> {
  return encoder.encode(canonicalJson({ v: 1, kind: 'sahej-receipt', receiptNo: input.receiptNo, issuedAt: input.issuedAt, deviceId: input.deviceId, hash: input.hash }));
}

/** The server's confirmation after sync: "I hold this content under this application number". */
export function serverStatement(input: { receiptNo: string; applicationNo: string; hash: string; receivedAt: string }): Uint8Array<ArrayBuffer> {
  return encoder.encode(canonicalJson({ v: 1, kind: 'sahej-confirmation', receiptNo: input.receiptNo, applicationNo: input.applicationNo, hash: input.hash, receivedAt: input.receivedAt }));
}

/** The server's certificate of a device's key, made at enrollment: what lets a phone trust a device offline. */
export function certificateStatement(input: { deviceId: string; office: string; publicKey: string; issuedAt: string }): Uint8Array<ArrayBuffer> {
  return encoder.encode(canonicalJson({ v: 1, kind: 'sahej-device', deviceId: input.deviceId, office: input.office, publicKey: input.publicKey, issuedAt: input.issuedAt }));
}
