import { afterAll, beforeAll, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash';
import { phoneticKey } from '../../src/domain/phonetic-key';
import { preparerOf, type Preparer } from '../../server/workers/prepare-pool';
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

  it('stores a PUT with the hash and columns the inline path gives, replays it, and refuses a changed one', async () => {
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
    // Three requests, three tasks done in the pool: none was validated on this thread.
    expect(preparer.completedInWorkers() - before).toBe(3);
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

  it('judges each item of a batch on its own, one task for the whole batch', async () => {
    const before = preparer.completedInWorkers();
    const good = sampleEnvelope({ deviceId: fx.device.deviceId });
    const response = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/applications/batch',
      headers: { authorization: `Bearer ${fx.device.token}` },
      payload: { items: [good, { ...sampleEnvelope({ deviceId: fx.device.deviceId }), capturedAt: 'yesterday' }, sampleEnvelope({ deviceId: 'dev-someone-else' })] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results.map((result: { status: number }) => result.status)).toEqual([201, 422, 403]);
    expect(preparer.completedInWorkers() - before).toBe(1);
  });
});
