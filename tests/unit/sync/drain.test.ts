import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainOutbox, type DrainContext } from '../../../src/sync/drain';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

describe('drainOutbox against the real server in memory', () => {
  let fx: ClientFixture;
  let ctx: DrainContext;
  beforeEach(async () => {
    fx = await createClientFixture();
    ctx = fx.drainContext();
  });
  afterEach(async () => {
    await fx.close();
  });

  const drain = (random = () => 0.5) => drainOutbox({ ...ctx, random });

  it('sends queued filings oldest first in one batch, uploads their documents, and confirms', async () => {
    const filings = [await fx.submit('एक'), await fx.submit('दो', 'load_change'), await fx.submit('तीन')];
    expect(await drain()).toEqual({ kind: 'idle', sent: 3 });
    // One batch with all three; the two with documents are confirmed in a second batch after their uploads.
    expect(fx.server.requests.map((request) => request.url)).toEqual(['/api/v1/applications/batch', '/api/v1/applications/batch']);
    const rows = await fx.serverRows();
    expect(rows.map((row) => row.id)).toEqual(filings.map((filing) => filing.id));
    expect(rows.map((row) => row.content_hash)).toEqual(filings.map((filing) => filing.hash));
    const documents = await fx.db.documents.toArray();
    expect(fx.uploads.sent.sort()).toEqual([...new Set(documents.map((document) => document.sha256))].sort());
    const stored = await fx.db.filings.toArray();
    expect(stored.every((filing) => filing.state === 'received' && filing.applicationNo?.startsWith('LKO1-') && filing.documentsMissing?.length === 0)).toBe(true);
    expect(await fx.db.outbox.count()).toBe(0);
  });

  it('keeps the entries on a network error and backs off with jitter', async () => {
    const filing = await fx.submit();
    fx.server.faults.push({ kind: 'network' });
    const outcome = await drain(() => 0.5);
    expect(outcome).toEqual({ kind: 'waiting', sent: 0, until: fx.now() + 1000 });
    expect(await fx.db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'filing', id: filing.id, attempts: 1, notBefore: fx.now() + 1000, parked: false })]);
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'pending', problem: { code: 'network' } });
    // Not due yet: nothing is sent.
    expect(await drain()).toMatchObject({ kind: 'waiting' });
    expect(fx.server.requests).toHaveLength(0);
    fx.advance(1000);
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect(await fx.serverRows()).toHaveLength(1);
  });

  it('sends a new filing at once while an older one sits out its backoff: a waiting entry is passed over, not a gate', async () => {
    const old = await fx.submit('पुराना', 'prepaid_to_postpaid');
    fx.server.faults.push({ kind: 'network' });
    expect(await drain()).toEqual({ kind: 'waiting', sent: 0, until: fx.now() + 1000 });
    const fresh = await fx.submit('नया', 'prepaid_to_postpaid');
    // The old one is not due for another second; the new one goes now, alone, and the drain says when to come back.
    expect(await drain()).toEqual({ kind: 'waiting', sent: 1, until: fx.now() + 1000 });
    expect((await fx.serverRows()).map((row) => row.id)).toEqual([fresh.id]);
    expect(await fx.db.filings.get(old.id)).toMatchObject({ state: 'pending' });
    fx.advance(1000);
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect((await fx.serverRows()).map((row) => row.id).sort()).toEqual([old.id, fresh.id].sort());
  });

  it('retries 408, 425, 429 and 5xx, honouring Retry-After', async () => {
    await fx.submit('एक', 'prepaid_to_postpaid');
    await fx.submit('दो', 'prepaid_to_postpaid');
    for (const status of [408, 425, 429, 500, 502, 503, 504]) {
      fx.server.faults.push({ kind: 'status', status, retryAfter: '7' });
      const outcome = await drain();
      expect(outcome, String(status)).toEqual({ kind: 'waiting', sent: 0, until: fx.now() + 7000 });
      fx.advance(7000);
    }
    expect((await fx.db.outbox.toArray()).map((entry) => entry.attempts)).toEqual([7, 7]);
    expect(await drain()).toEqual({ kind: 'idle', sent: 2 });
    expect(await fx.serverRows()).toHaveLength(2);
  });

  it('delivers exactly once when the server committed but the answer was lost', async () => {
    const filing = await fx.submit('एक', 'prepaid_to_postpaid');
    fx.server.faults.push({ kind: 'lose-response' });
    expect(await drain()).toMatchObject({ kind: 'waiting' });
    expect(await fx.serverRows()).toHaveLength(1);
    fx.advance(60_000);
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect(await fx.serverRows()).toHaveLength(1);
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'received', applicationNo: 'LKO1-000001' });
  });

  it('parks a final refusal with the server message, never deletes it, and sends the rest of the batch', async () => {
    const bad = await fx.submit('खराब', 'prepaid_to_postpaid');
    const good = await fx.submit('अच्छा', 'prepaid_to_postpaid');
    // Make the first one invalid as the server sees it (a schema change on the server, say).
    await fx.db.filings.update(bad.id, { 'envelope.data.applicant.mobile': '12345' } as never);
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect(await fx.db.filings.get(bad.id)).toMatchObject({
      state: 'attention',
      problem: { code: 'invalid', httpStatus: 422, issues: [expect.objectContaining({ path: 'data.applicant.mobile', code: 'mobile.format' })] },
    });
    expect(await fx.db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'filing', id: bad.id, parked: true })]);
    expect(await fx.db.filings.get(good.id)).toMatchObject({ state: 'received' });
    // A parked entry is not retried by later drains.
    expect(await drain()).toEqual({ kind: 'idle', sent: 0 });
    expect(fx.server.requests).toHaveLength(1);
  });

  it('parks a 409 conflict rather than overwriting the server', async () => {
    const filing = await fx.submit('एक', 'prepaid_to_postpaid');
    await drain();
    await fx.db.filings.update(filing.id, { 'envelope.data.applicant.name': 'बदला' } as never);
    await fx.db.outbox.add({ kind: 'filing', id: filing.id, attempts: 0, notBefore: 0, parked: false });
    await drain();
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'attention', problem: { code: 'conflict', httpStatus: 409 } });
  });

  it('stops on 401 and keeps every filing queued', async () => {
    await fx.submit();
    await fx.submit();
    await fx.db.meta.update('device', { token: 'sahej_revoked' } as never);
    expect(await drain()).toEqual({ kind: 'unauthorized', sent: 0 });
    expect(await fx.db.outbox.count()).toBe(2);
    expect((await fx.db.filings.toArray()).map((filing) => filing.state)).toEqual(['pending', 'pending']);
  });

  it('treats an unreadable 2xx (a captive portal page) as not delivered', async () => {
    await fx.submit();
    fx.server.faults.push({ kind: 'status', status: 200 });
    expect(await drain()).toMatchObject({ kind: 'waiting' });
    expect(await fx.db.outbox.count()).toBe(1);
  });

  it('falls back to one request a filing when the server has no batch endpoint', async () => {
    await fx.submit('एक', 'prepaid_to_postpaid');
    await fx.submit('दो', 'prepaid_to_postpaid');
    fx.server.faults.push({ kind: 'status', status: 404 });
    expect(await drain()).toEqual({ kind: 'idle', sent: 2 });
    expect(ctx.batches.supported).toBe(false);
    expect(fx.server.requests.map((request) => request.url.split('/').slice(0, 4).join('/'))).toEqual(['/api/v1/applications', '/api/v1/applications']);
  });

  it('keeps a filing queued until every document is on the server', async () => {
    const filing = await fx.submit();
    // The first try and both quick retries fail.
    fx.uploads.faults.push({ kind: 'retry', code: 'network' }, { kind: 'retry', code: 'network' }, { kind: 'retry', code: 'network' });
    expect(await drain()).toMatchObject({ kind: 'waiting' });
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'pending', applicationNo: 'LKO1-000001', problem: { code: 'network' } });
    expect((await fx.db.filings.get(filing.id))!.documentsMissing).toHaveLength(3);
    expect(await fx.db.outbox.count()).toBe(1);
    fx.advance(60_000);
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'received', documentsMissing: [] });
  });

  it('tries a document again within the drain after a passing fault, a second and three seconds later, before backing off', async () => {
    const filing = await fx.submit();
    fx.uploads.faults.push({ kind: 'retry', code: 'http_502' }, { kind: 'retry', code: 'conflict' });
    expect(await drain()).toEqual({ kind: 'idle', sent: 1 });
    expect(fx.sleeps).toEqual([1_000, 3_000]);
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'received', documentsMissing: [] });
  });

  it('does not retry at once after a 429 or a stalled upload: the filing backs off', async () => {
    for (const code of ['http_429', 'timeout'] as const) {
      const filing = await fx.submit();
      fx.uploads.faults.push({ kind: 'retry', code });
      expect(await drain(), code).toMatchObject({ kind: 'waiting' });
      expect(fx.sleeps, code).toEqual([]);
      expect(await fx.db.filings.get(filing.id), code).toMatchObject({ state: 'pending', problem: { code } });
      fx.advance(600_000);
      expect(await drain(), code).toEqual({ kind: 'idle', sent: 1 });
    }
  });

  it('parks a filing whose document the server refuses', async () => {
    const filing = await fx.submit();
    fx.uploads.faults.push({ kind: 'refused', code: 'document_hash_mismatch' });
    expect(await drain()).toEqual({ kind: 'idle', sent: 0 });
    expect(await fx.db.filings.get(filing.id)).toMatchObject({ state: 'attention', problem: { code: 'document_hash_mismatch' } });
  });
});
