import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as tus from 'tus-js-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { CuttingProxy } from '../support/cutting-proxy';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Random bytes behind a PDF's leading bytes: the server stores only what its bytes say is a document type. */
const pdfBytes = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

describeEachDatabase('documents by resumable upload', (dialect) => {
  let fx: ApiFixture;
  let base: string;
  let port: number;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (fx.app.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterEach(async () => {
    await fx.close();
  });

  function upload(bytes: Buffer, options: { endpointBase?: string; hash?: string; token?: string } = {}): Promise<void> {
    const hash = options.hash ?? sha256(bytes);
    const root = options.endpointBase ?? base;
    return new Promise((resolve, reject) => {
      new tus.Upload(bytes, {
        endpoint: `${root}/api/v1/documents`,
        uploadUrl: `${root}/api/v1/documents/${hash}`,
        metadata: { sha256: hash, mime: 'application/pdf' },
        headers: { authorization: `Bearer ${options.token ?? fx.device.token}` },
        chunkSize: 256 * 1024,
        retryDelays: [],
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
  }

  const plainHead = (hash: string, token = fx.device.token) => fetch(`${base}/api/v1/documents/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });

  it('resumes a 2 MB upload cut half-way: total bytes sent ≤ 1.15 × its size, stored bytes hash right', async () => {
    const bytes = pdfBytes(2 * 1024 * 1024);
    const proxy = new CuttingProxy(port);
    const proxied = `http://127.0.0.1:${await proxy.listen()}`;
    proxy.cutAfter = bytes.length / 2;
    await expect(upload(bytes, { endpointBase: proxied })).rejects.toThrow();
    expect((await plainHead(sha256(bytes))).status).toBe(404);
    await upload(bytes, { endpointBase: proxied });
    await proxy.close();

    const ratio = proxy.bytesFromClient / bytes.length;
    console.log(`2 MB document, cut at half: ${proxy.bytesFromClient} bytes sent in all (${ratio.toFixed(3)} × its size)`);
    expect(ratio).toBeLessThanOrEqual(1.15);
    const stored = fs.readFileSync(fx.documents.pathOf(sha256(bytes)));
    expect(sha256(stored)).toBe(sha256(bytes));
    expect((await plainHead(sha256(bytes))).status).toBe(200);
    // Whether a document is held is the office's own business: no token, no answer; another office's device, 404.
    expect((await fetch(`${base}/api/v1/documents/${sha256(bytes)}`, { method: 'HEAD' })).status).toBe(401);
    expect((await plainHead(sha256(bytes), (await fx.enroll('KNP1')).token)).status).toBe(404);
  });

  it('refuses bytes that do not hash to the declared SHA-256, and keeps nothing', async () => {
    const bytes = pdfBytes(64 * 1024);
    const claimed = sha256(Buffer.from('something else'));
    await expect(upload(bytes, { hash: claimed })).rejects.toThrow(/422|document_hash_mismatch/);
    expect((await plainHead(claimed)).status).toBe(404);
    expect(fs.existsSync(fx.documents.pathOf(claimed))).toBe(false);
  });

  it('never gives a document back to a device, nor lets one remove it once complete; refusals are our JSON errors', async () => {
    const bytes = pdfBytes(32 * 1024);
    await upload(bytes);
    const hash = sha256(bytes);
    const other = await fx.enroll('KNP1');
    const tusHeaders = { authorization: `Bearer ${other.token}`, 'tus-resumable': '1.0.0' };
    // tus would serve the bytes on GET to any device of any office; officers read documents through /office/documents.
    const get = await fetch(`${base}/api/v1/documents/${hash}`, { headers: tusHeaders });
    expect([get.status, (await get.json()).error]).toEqual([404, 'not_found']);
    // Nor another device's DELETE: it reaches no upload of its own, so there is nothing to find.
    const remove = await fetch(`${base}/api/v1/documents/${hash}`, { method: 'DELETE', headers: tusHeaders });
    expect([remove.status, (await remove.json()).error]).toEqual([404, 'not_found']);
    expect(sha256(fs.readFileSync(fx.documents.pathOf(hash)))).toBe(hash);
    expect((await plainHead(hash)).status).toBe(200);
    // tus's own refusals (here: no Tus-Resumable, a concatenation it does not offer) come as our coded JSON.
    for (const headers of [{ authorization: `Bearer ${fx.device.token}` }, { ...tusHeaders, 'upload-concat': 'partial', 'upload-length': '10' }]) {
      const refused = await fetch(`${base}/api/v1/documents`, { method: 'POST', headers });
      expect([refused.status, refused.headers.get('content-type'), (await refused.json()).error]).toEqual([400, 'application/json; charset=utf-8', 'bad_request']);
    }
  });

  it('needs a device token', async () => {
    await expect(upload(pdfBytes(1024), { token: 'sahej_nope' })).rejects.toThrow(/401/);
  });

  it('finds a document already there instead of sending it again', async () => {
    const bytes = pdfBytes(300 * 1024);
    await upload(bytes);
    const proxy = new CuttingProxy(port);
    const proxied = `http://127.0.0.1:${await proxy.listen()}`;
    await upload(bytes, { endpointBase: proxied });
    await proxy.close();
    expect(proxy.bytesFromClient).toBeLessThan(2048);
  });

  it('tells, with each answer to a filing, which of its documents are still to come', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    const photo = pdfBytes(10_000);
    envelope.documents = [{ kind: 'photo', sha256: sha256(photo), mime: 'image/jpeg', size: photo.length }, ...envelope.documents.filter((d) => d.kind !== 'photo')];
    const put = () => fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${fx.device.token}` }, payload: envelope });
    const first = (await put()).json();
    expect(first.documentsMissing.sort()).toEqual([...new Set(envelope.documents.map((d) => d.sha256))].sort());
    await upload(photo);
    const second = await put();
    expect(second.statusCode).toBe(200);
    expect(second.json().documentsMissing).not.toContain(sha256(photo));
    expect(second.json().documentsMissing).toHaveLength(envelope.documents.length - 1);
  });
});
