import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openDatabase } from '../../server/db/open';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { sampleEnvelope, sampleEnvelopeOf } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('batches and concurrency', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const rows = async () => (await fx.test.database.db.selectFrom('applications').select('id').execute()).length;
  const batch = (items: unknown[], token = fx.device.token) =>
    fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: { authorization: `Bearer ${token}` }, payload: { items } });

  it('judges each item of a batch on its own, exactly as a PUT would', async () => {
    const good = sampleEnvelope({ deviceId: fx.device.deviceId });
    const other = sampleEnvelopeOf('load_change', { deviceId: fx.device.deviceId });
    const invalid = { ...sampleEnvelope({ deviceId: fx.device.deviceId }), schemaVersion: 9 };
    const foreign = sampleEnvelope({ deviceId: 'LKO1-D77' });
    const changed = structuredClone(good);
    changed.data.applicant.mobile = '9000000001';
    const response = await batch([good, invalid, other, good, changed, foreign, 'not an envelope']);
    expect(response.statusCode).toBe(200);
    const results = response.json().results as { id: string | null; status: number; body: { error?: string; applicationNo?: string } }[];
    expect(results.map((result) => [result.id, result.status])).toEqual([
      [good.id, 201],
      [invalid.id, 422],
      [other.id, 201],
      [good.id, 200],
      [good.id, 409],
      [foreign.id, 403],
      [null, 422],
    ]);
    expect(results[3]!.body).toEqual(results[0]!.body);
    expect(await rows()).toBe(2);
    // A single PUT of the same filing answers with the same body.
    const single = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${good.id}`, headers: { authorization: `Bearer ${fx.device.token}` }, payload: good });
    expect(single.json()).toEqual(results[0]!.body);
  });

  it('refuses a batch over 100 items with a code, and a batch that is not a list', async () => {
    const items = Array.from({ length: 101 }, () => sampleEnvelopeOf('prepaid_to_postpaid', { deviceId: fx.device.deviceId }));
    const tooMany = await batch(items);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ error: 'batch_too_large', limit: 100 });
    expect((await batch({} as never)).statusCode).toBe(400);
    expect(await rows()).toBe(0);
    expect((await batch(items.slice(0, 100))).json().results.every((result: { status: number }) => result.status === 201)).toBe(true);
    expect(await rows()).toBe(100);
  });

  it('50 concurrent PUTs of one id over HTTP: one row; the same body to all, or 409 to different content', async () => {
    // Two server instances on the same database: what several processes behind a load balancer see.
    const second = openDatabase(fx.test.url);
    const twin = await buildApp({ database: second, documents: fx.documents });
    const ports: number[] = [];
    for (const app of [fx.app, twin]) {
      await app.listen({ port: 0, host: '127.0.0.1' });
      ports.push((app.server.address() as AddressInfo).port);
    }
    try {
      const put = (envelope: { id: string }, index: number) =>
        fetch(`http://127.0.0.1:${ports[index % 2]}/api/v1/applications/${envelope.id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.device.token}` },
          body: JSON.stringify(envelope),
        }).then(async (response) => ({ status: response.status, body: await response.text() }));

      const same = sampleEnvelope({ deviceId: fx.device.deviceId });
      const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => put(same, index)));
      expect(answers.every((answer) => answer.status === 200 || answer.status === 201)).toBe(true);
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
      expect(await rows()).toBe(1);

      const base = sampleEnvelope({ deviceId: fx.device.deviceId });
      const variants = Array.from({ length: 50 }, (_, index) => {
        const variant = structuredClone(base);
        variant.data.applicant.name = `आवेदक ${index}`;
        return variant;
      });
      const mixed = await Promise.all(variants.map((variant, index) => put(variant, index)));
      expect(mixed.filter((answer) => answer.status === 201)).toHaveLength(1);
      expect(mixed.filter((answer) => answer.status === 409)).toHaveLength(49);
      expect(await rows()).toBe(2);
      const events = await fx.test.database.db.selectFrom('application_events').select('application_id').execute();
      expect(events).toHaveLength(2);
    } finally {
      await twin.close();
      await second.close();
    }
  });
});
