import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Bytes that start as a document type does (what the server checks), then `size` bytes of noise from `seed`. */
export function documentBytes(kind: 'jpeg' | 'png' | 'pdf', seed: string, size = 4096): Buffer {
  const lead = { jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pdf: Buffer.from('%PDF-1.7\n') }[kind];
  return Buffer.concat([lead, Buffer.from(seed.repeat(Math.ceil(size / seed.length)).slice(0, size))]);
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * tus requests through app.inject: a creation (with the first `sent` bytes, all by
 * default), and the HEAD, PATCH and DELETE of an upload by its document's address.
 */
export function tusClient(app: FastifyInstance, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  return {
    create: (bytes: Buffer, { mime = 'image/jpeg', sent = bytes.length, sha256 = sha256Of(bytes) }: { mime?: string; sent?: number; sha256?: string } = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: { ...headers, 'upload-length': String(bytes.length), 'upload-metadata': `sha256 ${b64(sha256)},mime ${b64(mime)}`, ...(sent ? { 'content-type': 'application/offset+octet-stream' } : {}) },
        ...(sent ? { payload: bytes.subarray(0, sent) } : {}),
      }),
    head: (sha256: string) => app.inject({ method: 'HEAD', url: `/api/v1/documents/${sha256}`, headers }),
    patch: (sha256: string, offset: number, bytes: Buffer) =>
      app.inject({ method: 'PATCH', url: `/api/v1/documents/${sha256}`, headers: { ...headers, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, payload: bytes }),
    remove: (sha256: string) => app.inject({ method: 'DELETE', url: `/api/v1/documents/${sha256}`, headers }),
  };
}
