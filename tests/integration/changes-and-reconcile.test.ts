import { afterEach, beforeEach, expect, it } from 'vitest';
import { dayDigest } from '../../src/domain/reconcile';
import { indiaDay } from '../../src/domain/dates';
import { changeStatus } from '../../server/services/status';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';
import { contentHash } from '../../src/domain/content-hash';
import { recordDocument } from '../../server/documents/documents-table';
import { recordUploadCompleted } from '../../server/documents/document-uploads';
import { sampleDocuments } from '../support/sample-envelope';

/** The sample filings' documents, as if uploaded: a filing counts as held only with all of them. */
async function holdSampleDocuments(fx: ApiFixture): Promise<void> {
  for (const { sha256, size, mime } of sampleDocuments()) {
    await recordDocument(fx.test.database.db, { sha256, size, mime });
    await recordUploadCompleted(fx.test.database.db, { sha256, deviceId: fx.device.deviceId, size });
  }
}

describeEachDatabase('status flowing back, and reconciliation', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const auth = () => ({ authorization: `Bearer ${fx.device.token}` });
  const put = async (envelope: { id: string }) =>
    (await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: auth(), payload: envelope })).json();
  const changes = async (since: string | number = 0) => (await fx.app.inject({ method: 'GET', url: `/api/v1/changes?since=${since}`, headers: auth() })).json();

  it('lists every status of the office after a cursor, with notes; an illegal move changes nothing', async () => {
    const first = sampleEnvelope({ deviceId: fx.device.deviceId });
    const second = sampleEnvelope({ deviceId: fx.device.deviceId });
    const ack = await put(first);
    await put(second);
    const start = await changes();
    expect(start.changes.map((change: { id: string; status: string }) => [change.id, change.status])).toEqual([
      [first.id, 'received'],
      [second.id, 'received'],
    ]);
    expect(start.changes[0].applicationNo).toBe(ack.applicationNo);

    await changeStatus(fx.test.database.db, { id: first.id, to: 'survey_scheduled', note: 'सर्वे 5 दिसंबर', actor: 'officer-1' });
    await expect(changeStatus(fx.test.database.db, { id: second.id, to: 'connected', actor: 'officer-1' })).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(changeStatus(fx.test.database.db, { id: second.id, to: 'flying', actor: 'officer-1' })).rejects.toMatchObject({ code: 'illegal_transition' });
    const row = await fx.test.database.db.selectFrom('applications').select('status').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('received');

    const next = await changes(start.cursor);
    expect(next.changes).toEqual([{ id: first.id, applicationNo: ack.applicationNo, status: 'survey_scheduled', at: expect.any(String), note: 'सर्वे 5 दिसंबर' }]);
    expect((await changes(next.cursor)).changes).toEqual([]);
    // Another office sees none of it.
    const other = await fx.enroll('AGR2');
    const elsewhere = await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: { authorization: `Bearer ${other.token}` } });
    expect(elsewhere.json().changes).toEqual([]);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=-4', headers: auth() })).statusCode).toBe(400);
  });

  it('compares per-day digests first, then ids only for the days that differ', async () => {
    const today = new Date();
    const yesterday = new Date(Date.now() - 86_400_000);
    const filings = [sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: yesterday }), sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: yesterday }), sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: today })];
    const hashes = await Promise.all(filings.map((filing) => contentHash(filing)));
    await holdSampleDocuments(fx);
    await put(filings[0]!);
    await put(filings[2]!);
    const device = filings.map((filing, index) => ({ id: filing.id, hash: hashes[index]! }));
    const byDay = (day: string) => device.filter((_, index) => indiaDay(filings[index]!.capturedAt) === day);
    const days = await Promise.all(
      [indiaDay(yesterday), indiaDay(today)].map(async (day) => ({ day, count: byDay(day).length, digest: await dayDigest(byDay(day)) })),
    );
    const differ = await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile/days', headers: auth(), payload: { days } });
    expect(differ.json()).toEqual({ differs: [indiaDay(yesterday)] });

    const changed = { id: filings[0]!.id, hash: 'e'.repeat(64) };
    const compare = await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile', headers: auth(), payload: { items: [changed, ...byDay(indiaDay(yesterday)).slice(1)] } });
    expect(compare.json()).toEqual({ missing: [filings[1]!.id], differs: [filings[0]!.id], incomplete: [] });

    const tooMany = Array.from({ length: 1001 }, (_, index) => ({ id: `x${index}`, hash: 'e'.repeat(64) }));
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile', headers: auth(), payload: { items: tooMany } })).statusCode).toBe(413);
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile', headers: auth(), payload: { items: [{ id: 'x' }] } })).statusCode).toBe(422);
  });

  it('counts a filing whose documents the server lost (a restore brought the row back, not the files) as not held', async () => {
    await holdSampleDocuments(fx);
    const [whole, stripped] = [sampleEnvelope({ deviceId: fx.device.deviceId }), sampleEnvelope({ deviceId: fx.device.deviceId })];
    // Two filings of the same day whose documents differ: the second lists a photo the server never got.
    stripped.documents = stripped.documents.map((document) => (document.kind === 'photo' ? { ...document, sha256: '9'.repeat(64) } : document));
    await put(whole);
    await put(stripped);
    const items = [
      { id: whole.id, hash: await contentHash(whole) },
      { id: stripped.id, hash: await contentHash(stripped) },
    ];
    const day = indiaDay(whole.capturedAt);
    const differ = await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile/days', headers: auth(), payload: { days: [{ day, count: 2, digest: await dayDigest(items) }] } });
    expect(differ.json()).toEqual({ differs: [day] });
    const compare = await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile', headers: auth(), payload: { items } });
    expect(compare.json()).toEqual({ missing: [], differs: [], incomplete: [stripped.id] });

    // Once the photo is there, the day is whole again.
    await recordDocument(fx.test.database.db, { sha256: '9'.repeat(64), size: 120_000, mime: 'image/jpeg' });
    await recordUploadCompleted(fx.test.database.db, { sha256: '9'.repeat(64), deviceId: fx.device.deviceId, size: 120_000 });
    const again = await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile/days', headers: auth(), payload: { days: [{ day, count: 2, digest: await dayDigest(items) }] } });
    expect(again.json()).toEqual({ differs: [] });
  });
});
