import { afterAll, beforeAll, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash';
import { phoneticKey } from '../../src/domain/phonetic-key';
import { MIN_ENVELOPES_FOR_WORKER, preparerOf, type Preparer } from '../../server/workers/prepare-pool';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

/** Issue 17 point 5: validation and hashing in worker threads answer exactly as on the event loop's thread. */
describeEachDatabase('filings validated and hashed in a worker thread', (dialect) => {
  let fx: ApiFixture;
  let preparer: Preparer;
  // One pool for the file: a worker takes most of a second to load its modules.
  beforeAll(async () => {
    preparer = preparerOf(1);
    fx = await createApiFixture(dialect, { preparer });
  });
  afterAll(async () => {
    await fx.close();
  });

  const put = (envelope: { id: string }, id = envelope.id) =>
    fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${id}`, headers: { authorization: `Bearer ${fx.device.token}` }, payload: envelope });

  it('stores a PUT (validated on the event loop thread) with its hash and columns, replays it, and refuses a changed one', async () => {
    const before = preparer.completedInWorkers();
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, name: 'सीता देवी' });
    const first = await put(envelope);
    expect(first.statusCode).toBe(201);
    expect(first.json().receipt).toMatchObject({ contentHash: await contentHash(envelope) });
    const row = await fx.test.database.db.selectFrom('applications').select(['envelope', 'applicant_name_key', 'capture_day', 'area']).where('id', '=', envelope.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.envelope)).toMatchObject({ id: envelope.id, data: { applicant: { name: 'सीता देवी' } } });
    expect(row.applicant_name_key).toBe(phoneticKey('सीता देवी'));
    expect(row.capture_day).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const again = await put(envelope);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    const changed = structuredClone(envelope);
    changed.data.applicant.name = 'गीता देवी';
    expect((await put(changed)).json()).toMatchObject({ error: 'conflict' });
    // A single envelope is cheaper to validate than to send to a worker: it stays on this thread.
    expect(preparer.completedInWorkers() - before).toBe(0);
  });

  it('answers bad envelopes with the same coded errors: invalid fields, an id unlike the address, another device', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    const teleport = { ...envelope, type: 'teleport' };
    const invalid = await put(teleport);
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({ error: 'invalid' });
    expect((await put(envelope, sampleEnvelope({ deviceId: fx.device.deviceId }).id)).json()).toMatchObject({ error: 'invalid' });
    const foreign = await put(sampleEnvelope({ deviceId: 'dev-someone-else' }));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: 'device_mismatch' });
  });

  const batch = (items: unknown[]) => fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: { authorization: `Bearer ${fx.device.token}` }, payload: { items } });

  it('judges each item of a batch on its own in one worker task, storing what the inline path stores', async () => {
    const before = preparer.completedInWorkers();
    const good = Array.from({ length: MIN_ENVELOPES_FOR_WORKER }, (_, index) => sampleEnvelope({ deviceId: fx.device.deviceId, name: index ? 'राम' : 'सीता देवी' }));
    const response = await batch([...good, { ...sampleEnvelope({ deviceId: fx.device.deviceId }), capturedAt: 'yesterday' }, sampleEnvelope({ deviceId: 'dev-someone-else' })]);
    expect(response.statusCode).toBe(200);
    expect(response.json().results.map((result: { status: number }) => result.status)).toEqual([...good.map(() => 201), 422, 403]);
    expect(preparer.completedInWorkers() - before).toBe(1);
    const row = await fx.test.database.db.selectFrom('applications').select(['envelope', 'content_hash', 'applicant_name_key', 'capture_day']).where('id', '=', good[0]!.id).executeTakeFirstOrThrow();
    expect(row.content_hash).toBe(await contentHash(good[0]!));
    expect(row.applicant_name_key).toBe(phoneticKey('सीता देवी'));
    expect(JSON.parse(row.envelope)).toMatchObject({ id: good[0]!.id, data: { applicant: { name: 'सीता देवी' } } });
  });

  it('keeps a small batch on the event loop thread', async () => {
    const before = preparer.completedInWorkers();
    const response = await batch([sampleEnvelope({ deviceId: fx.device.deviceId })]);
    expect(response.json().results.map((result: { status: number }) => result.status)).toEqual([201]);
    expect(preparer.completedInWorkers() - before).toBe(0);
  });
});
