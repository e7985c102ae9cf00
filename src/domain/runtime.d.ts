// The domain module runs unchanged in the browser and in Node 20. Both provide these
// globals; declaring only them here keeps DOM and Node APIs out of the domain by type.
interface SubtleCryptoLike {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}
interface CryptoLike {
  readonly subtle: SubtleCryptoLike;
  getRandomValues<T extends Uint8Array>(array: T): T;
}
declare const crypto: CryptoLike;
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  decode(input?: Uint8Array): string;
}

// Signing and verifying receipts (ECDSA P-256) and compressing their QR payload; both runtimes have these.
interface CryptoKeyLike {
  readonly type: string;
}
interface SubtleCryptoLike {
  importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: { name: 'ECDSA'; namedCurve: 'P-256' }, extractable: boolean, usages: ['verify']): Promise<CryptoKeyLike>;
  verify(algorithm: { name: 'ECDSA'; hash: 'SHA-256' }, key: CryptoKeyLike, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>;
  sign(algorithm: { name: 'ECDSA'; hash: 'SHA-256' }, key: CryptoKeyLike, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
