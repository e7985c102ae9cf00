import { afterEach, beforeEach, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash';
import { phoneticKey } from '../../src/domain/phonetic-key';
import type { DB } from '../../server/db/schema';
import { revokeDevice } from '../../server/services/devices';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';
import type { Kysely } from 'kysely';

async function counts(db: Kysely<DB>) {
  const applications = await db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const events = await db.selectFrom('application_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { applications: Number(applications.n), events: Number(events.n) };
}

describeEachDatabase('PUT /api/v1/applications/:id', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const put = (envelope: { id: string }, token: string | null = fx.device.token, id = envelope.id) =>
    fx.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}`,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      payload: envelope,
    });

  it('stores a filing once: 201, then 200 with an identical body, and one durable row', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    const first = await put(envelope);
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body).toMatchObject({ id: envelope.id, status: 'received', applicationNo: 'LKO1-000001' });
    expect(body.receipt).toMatchObject({ applicationNo: 'LKO1-000001', contentHash: await contentHash(envelope) });

    // Durable: another connection sees the row as soon as the 201 is out.
    const other = fx.test.openAnother();
    expect(await counts(other.db)).toEqual({ applications: 1, events: 1 });

    const second = await put(envelope);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(await counts(other.db)).toEqual({ applications: 1, events: 1 });
  });

  it('accepts a mobile and PIN typed in Devanagari digits, stores them as 0-9, and takes the Latin-digit sending as the same filing', async () => {
    const latin = sampleEnvelope({ deviceId: fx.device.deviceId });
    const devanagari = structuredClone(latin);
    devanagari.data.applicant.mobile = '+९१ ९८७६५ ४३२१०';
    devanagari.data.premises.pin = '२२६०२४';
    const first = await put(devanagari);
    expect(first.statusCode).toBe(201);
    expect(first.json().receipt).toMatchObject({ contentHash: await contentHash(latin) });
    const row = await fx.test.database.db.selectFrom('applications').select(['applicant_mobile']).executeTakeFirstOrThrow();
    expect(row.applicant_mobile).toBe('9876543210');
    // The same filing in 0-9 digits is a replay, not a conflict: both hash as one.
    expect((await put(latin)).statusCode).toBe(200);
  });

  it('stores the applicant’s search name and its phonetic key, the one a Latin spelling of the name also has', async () => {
    expect((await put(sampleEnvelope({ deviceId: fx.device.deviceId, name: 'सुनीता  देवी' }))).statusCode).toBe(201);
    const row = await fx.test.database.db.selectFrom('applications').select(['applicant_name', 'applicant_name_key']).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_name: 'सुनीता देवी', applicant_name_key: 'sunit devi' });
    expect(row.applicant_name_key).toBe(phoneticKey('Sunita Devi'));
  });

  it('answers 409 to the same id with different content and leaves the first version untouched', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    expect((await put(envelope)).statusCode).toBe(201);
    const before = await fx.test.database.db.selectFrom('applications').selectAll().executeTakeFirstOrThrow();

    const changed = structuredClone(envelope);
    changed.data.applicant.mobile = '9123456789';
    const response = await put(changed);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: 'conflict', id: envelope.id });

    const after = await fx.test.database.db.selectFrom('applications').selectAll().executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await counts(fx.test.database.db)).toEqual({ applications: 1, events: 1 });
  });

  it('answers 422 with issue paths to an invalid envelope, and stores nothing', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    envelope.data.applicant.mobile = '987654321';
    envelope.data.premises.pin = '026024';
    envelope.data.connection.loadKw = 0;
    const response = await put(envelope);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error).toBe('invalid');
    expect(body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'data.applicant.mobile',
      'data.connection.loadKw',
      'data.premises.pin',
    ]);
    expect(body.issues[0].message).toEqual(expect.any(String));
    expect(await counts(fx.test.database.db)).toEqual({ applications: 0, events: 0 });
  });

  it('refuses an envelope whose id differs from the address', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    const response = await put(envelope, fx.device.token, sampleEnvelope().id);
    expect(response.statusCode).toBe(422);
    expect(response.json().issues).toEqual([expect.objectContaining({ path: 'id', code: 'envelope.id' })]);
  });

  it('answers 401 without a token, with a wrong token and with a revoked one', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    expect((await put(envelope, null)).statusCode).toBe(401);
    const wrong = await put(envelope, 'sahej_not-a-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'unauthorized' });
    await revokeDevice(fx.test.database.db, fx.device.deviceId);
    expect((await put(envelope)).statusCode).toBe(401);
    expect(await counts(fx.test.database.db)).toEqual({ applications: 0, events: 0 });
  });

  it('refuses a filing made by another device (403)', async () => {
    const envelope = sampleEnvelope({ deviceId: 'LKO1-D99' });
    const response = await put(envelope);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'device_mismatch' });
  });

  it('answers 400 to malformed JSON, 413 to a body over 256 KB, 404 JSON to unknown routes', async () => {
    const id = sampleEnvelope().id;
    const malformed = await fx.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}`,
      headers: { authorization: `Bearer ${fx.device.token}`, 'content-type': 'application/json' },
      payload: '{"id": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'bad_json' });

    const huge = sampleEnvelope({ deviceId: fx.device.deviceId, name: 'x'.repeat(300 * 1024) });
    const tooLarge = await put(huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ error: 'payload_too_large' });

    for (const url of ['/api/v1/nothing-here', '/api/v2/health', '/nowhere']) {
      const missing = await fx.app.inject({ method: 'GET', url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.json(), url).toMatchObject({ error: 'not_found' });
    }
    expect(await counts(fx.test.database.db)).toEqual({ applications: 0, events: 0 });
  });

  it('accepts a filing captured 40 days ago whose survey dates have since passed', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: new Date(Date.now() - 40 * 86_400_000) });
    expect(envelope.data.survey.preferredDates.every((day) => day < new Date().toISOString().slice(0, 10))).toBe(true);
    const response = await put(envelope);
    expect(response.statusCode).toBe(201);
    const row = await fx.test.database.db.selectFrom('applications').select(['captured_at', 'received_at']).executeTakeFirstOrThrow();
    expect(row.captured_at).toBe(envelope.capturedAt);
    expect(row.received_at > row.captured_at).toBe(true);
  });

  it('numbers applications per office from the database', async () => {
    const other = await fx.enroll('AGR2');
    const numbers: string[] = [];
    for (const device of [fx.device, fx.device, other, fx.device]) {
      const response = await put(sampleEnvelope({ deviceId: device.deviceId }), device.token);
      numbers.push(response.json().applicationNo);
    }
    expect(numbers).toEqual(['LKO1-000001', 'LKO1-000002', 'AGR2-000001', 'LKO1-000003']);
  });

  it('stores the normalised envelope and hashes that form', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    envelope.data.applicant.mobile = '+91 98765 43210';
    const response = await put(envelope);
    expect(response.statusCode).toBe(201);
    const row = await fx.test.database.db.selectFrom('applications').select(['envelope', 'content_hash']).executeTakeFirstOrThrow();
    const stored = JSON.parse(row.envelope);
    expect(stored.data.applicant.mobile).toBe('9876543210');
    expect(row.content_hash).toBe(await contentHash(stored));
    // The same filing typed the canonical way is the same filing.
    envelope.data.applicant.mobile = '9876543210';
    expect((await put(envelope)).statusCode).toBe(200);
  });

  it('never inserts twice when the same id arrives concurrently', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    const responses = await Promise.all(Array.from({ length: 20 }, () => put(envelope)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(await counts(fx.test.database.db)).toEqual({ applications: 1, events: 1 });
  });
});
