import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tus from 'tus-js-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SahejDatabase } from '../../src/store/database';
import type { StoredDocument } from '../../src/store/types';
import { TusUploader } from '../../src/sync/document-upload';
import { FetchHttpStack } from '../../src/sync/fetch-http-stack';
import { uploadIdFor } from '../../server/documents/document-store';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { CuttingProxy } from '../support/cutting-proxy';
import { describeEachDatabase } from '../support/test-database';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Random bytes behind a JPEG's leading bytes: the server stores only what its bytes say is a document type. */
const jpegBytes = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

/** An HTTP proxy that can answer a document's resume check (tus HEAD) with an error of its own. */
class HeadFaultProxy {
  headStatus: number | undefined;
  readonly requests: string[] = [];
  private readonly server: http.Server;

  constructor(targetPort: number) {
    this.server = http.createServer((request, response) => {
      this.requests.push(request.method!);
      if (request.method === 'HEAD' && this.headStatus) {
        response.writeHead(this.headStatus, this.headStatus === 429 ? { 'retry-after': '1' } : {}).end();
        return;
      }
      const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let databases = 0;

describeEachDatabase('the device’s document uploader (tus-js-client against the real server)', (dialect) => {
  let fx: ApiFixture;
  let port: number;
  let db: SahejDatabase;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (fx.app.server.address() as AddressInfo).port;
    db = new SahejDatabase(`sahej-uploader-${process.pid}-${++databases}`);
  });
  afterEach(async () => {
    db.close();
    await fx.close();
  });

  // In Node, tus-js-client reads Buffers, not Blobs; the bytes are the same.
  const documentOf = (bytes: Buffer): StoredDocument =>
    ({ sha256: sha256(bytes), kind: 'photo', mime: 'image/jpeg', size: bytes.length, ownerId: 'draft', blob: bytes as unknown as Blob, addedAt: new Date().toISOString() }) as StoredDocument;
  const plainHead = (hash: string) => fetch(`http://127.0.0.1:${port}/api/v1/documents/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${fx.device.token}` } });

  /** Half of the bytes reach the server from a try whose device kept no record of it (its answer was lost). */
  async function halfSent(bytes: Buffer): Promise<void> {
    const proxy = new CuttingProxy(port);
    const root = `http://127.0.0.1:${await proxy.listen()}`;
    proxy.cutAfter = bytes.length / 2;
    await expect(
      new Promise((resolve, reject) => {
        new tus.Upload(bytes, {
          endpoint: `${root}/api/v1/documents`,
          metadata: { sha256: sha256(bytes), mime: 'image/jpeg' },
          headers: { authorization: `Bearer ${fx.device.token}` },
          retryDelays: [],
          onSuccess: resolve,
          onError: reject,
        }).start();
      }),
    ).rejects.toThrow();
    await proxy.close();
    expect((await plainHead(sha256(bytes))).status).toBe(404);
  }

  it.each([503, 429, 500])('does not take a half-sent document as sent when its resume check fails with %i, and completes it on the next try', async (status) => {
    const bytes = jpegBytes(300 * 1024);
    await halfSent(bytes);
    const proxy = new HeadFaultProxy(port);
    const uploader = new TusUploader(db, await proxy.listen());
    proxy.headStatus = status;

    const failed = await uploader.upload(documentOf(bytes), fx.device.token);
    expect(failed.kind).toBe('retry');
    expect((await plainHead(sha256(bytes))).status).toBe(404);

    proxy.headStatus = undefined;
    expect(await uploader.upload(documentOf(bytes), fx.device.token)).toEqual({ kind: 'done' });
    await proxy.close();
    expect((await plainHead(sha256(bytes))).status).toBe(200);
    expect(sha256(fs.readFileSync(fx.documents.pathOf(sha256(bytes))))).toBe(sha256(bytes));
  });

  it('sends a document again from the start when the server has forgotten the half it had', async () => {
    const bytes = jpegBytes(300 * 1024);
    const cutting = new CuttingProxy(port);
    const cut = new TusUploader(db, `http://127.0.0.1:${await cutting.listen()}/api/v1`);
    cutting.cutAfter = bytes.length / 2;
    expect((await cut.upload(documentOf(bytes), fx.device.token)).kind).toBe('retry');
    await cutting.close();
    await fx.documents.removeUpload(uploadIdFor(sha256(bytes), fx.device.deviceId)); // a restore from a backup taken before it

    const proxy = new HeadFaultProxy(port);
    const uploader = new TusUploader(db, await proxy.listen());
    expect(await uploader.upload(documentOf(bytes), fx.device.token)).toEqual({ kind: 'done' });
    await proxy.close();
    expect(proxy.requests.slice(0, 2)).toEqual(['HEAD', 'POST']); // asked, found nothing, created anew
    expect((await plainHead(sha256(bytes))).status).toBe(200);
    expect(sha256(fs.readFileSync(fx.documents.pathOf(sha256(bytes))))).toBe(sha256(bytes));
  });

  it('sends a document another office’s device already sent (its proof of holding it) and is done; a device whose office holds it sends nothing', async () => {
    const bytes = jpegBytes(200 * 1024);
    const hash = sha256(bytes);
    const other = await fx.enroll('KNP1');
    const first = new TusUploader(db, `http://127.0.0.1:${port}/api/v1`);
    expect(await first.upload(documentOf(bytes), other.token)).toEqual({ kind: 'done' });

    const proxy = new CuttingProxy(port);
    const root = `http://127.0.0.1:${await proxy.listen()}/api/v1`;
    const second = new TusUploader(new SahejDatabase(`sahej-uploader-${process.pid}-${++databases}`), root);
    expect(await second.upload(documentOf(bytes), fx.device.token)).toEqual({ kind: 'done' });
    expect(proxy.bytesFromClient).toBeGreaterThan(bytes.length);
    const held = await fx.test.database.db.selectFrom('document_uploads').select('device_id').where('sha256', '=', hash).where('completed_at', 'is not', null).orderBy('device_id').execute();
    expect(held.map((row) => row.device_id).sort()).toEqual([other.deviceId, fx.device.deviceId].sort());
    expect(fs.readdirSync(fx.documents.directory).sort()).toEqual([hash, `${hash}.json`]);

    // A second device of an office that holds it (the drain would not even ask: its filing's
    // answer lists nothing missing): the creation is answered 409, the resume "complete", and
    // no more than the creation's first chunk (128 KB) crosses.
    const sameOffice = await fx.enroll('LKO1');
    const before = proxy.bytesFromClient;
    const third = new TusUploader(new SahejDatabase(`sahej-uploader-${process.pid}-${++databases}`), root);
    expect(await third.upload(documentOf(bytes), sameOffice.token)).toEqual({ kind: 'done' });
    expect(proxy.bytesFromClient - before).toBeLessThan(128 * 1024 + 4096);
    await proxy.close();
  });

  it('over fetch (the service worker’s HTTP stack, which has no XMLHttpRequest) resumes a document cut half-way and keeps a refusal’s reason', async () => {
    const bytes = jpegBytes(300 * 1024);
    const fetched: string[] = [];
    const httpStack = new FetchHttpStack((input, init) => {
      fetched.push(init?.method ?? 'GET');
      return fetch(input, init);
    });
    const overFetch = (base: string) => new TusUploader(db, base, { httpStack });
    const cutting = new CuttingProxy(port);
    const cut = overFetch(`http://127.0.0.1:${await cutting.listen()}/api/v1`);
    cutting.cutAfter = bytes.length / 2;
    expect((await cut.upload(documentOf(bytes), fx.device.token)).kind).toBe('retry');
    await cutting.close();

    const proxy = new HeadFaultProxy(port);
    const base = await proxy.listen();
    fetched.length = 0;
    expect(await overFetch(base).upload(documentOf(bytes), fx.device.token)).toEqual({ kind: 'done' });
    // Asked how much the server had, then sent the rest: no new upload.
    expect(proxy.requests[0]).toBe('HEAD');
    expect(proxy.requests).not.toContain('POST');
    expect(proxy.requests).toContain('PATCH');
    expect(fetched).toEqual(proxy.requests);
    await proxy.close();
    expect(sha256(fs.readFileSync(fx.documents.pathOf(sha256(bytes))))).toBe(sha256(bytes));

    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    expect(await overFetch(`http://127.0.0.1:${port}/api/v1`).upload(documentOf(html), fx.device.token)).toEqual({ kind: 'refused', code: 'document_type_refused' });
  });

  it('parks a document whose bytes are not a document type, with the server’s own reason', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const uploader = new TusUploader(db, `http://127.0.0.1:${port}/api/v1`);
    expect(await uploader.upload(documentOf(html), fx.device.token)).toEqual({ kind: 'refused', code: 'document_type_refused' });
    expect((await plainHead(sha256(html))).status).toBe(404);
  });
});
