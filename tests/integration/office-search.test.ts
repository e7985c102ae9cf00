import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer, testClock } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('office search across scripts', (dialect) => {
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  let officerA: string;
  let officerB: string;
  let admin: string;
  let deviceB: { deviceId: string; token: string };
  /** Application id by the name filed, per office. */
  const ids = { LKO1: new Map<string, string>(), KNP1: new Map<string, string>() };

  async function file(device: { deviceId: string; token: string }, office: 'LKO1' | 'KNP1', name: string) {
    // A minute apart, so "oldest first" within a rank is the order filed here.
    clock.advanceMs(60_000);
    const envelope = sampleEnvelope({ deviceId: device.deviceId, capturedAt: clock.now(), name });
    const response = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
    expect(response.statusCode).toBe(201);
    ids[office].set(name, envelope.id);
  }

  beforeEach(async () => {
    clock = testClock(new Date('2026-11-02T05:00:00Z'));
    fx = await createApiFixture(dialect, { now: clock.now });
    deviceB = await fx.enroll('KNP1');
    officerA = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    officerB = await signedInOfficer(fx.app, fx.test.database.db, { username: 'kamal', role: 'officer', office: 'KNP1' });
    admin = await signedInOfficer(fx.app, fx.test.database.db, { username: 'asha', role: 'admin' });
    ids.LKO1.clear();
    ids.KNP1.clear();
    // Filed worst match first, so the order a search returns is its ranking, not the filing order.
    for (const name of ['सुनीता देवी', 'Anjali Sunita', 'Suneeta', 'Sunita Sharma', 'सुनीता', 'Sunita', 'श्याम', 'Shyamlal', 'राम', 'Ramesh', 'Sangeeta', 'Anita']) await file(fx.device, 'LKO1', name);
    for (const name of ['Sunita', 'सुनीता', 'श्याम', 'Shyam']) await file(deviceB, 'KNP1', name);
  });
  afterEach(async () => {
    await fx.close();
  });

  async function search(cookie: string, q: string, extra = '') {
    const response = await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications?q=${encodeURIComponent(q)}${extra}`, headers: { cookie } });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: { id: string; applicantName: string; office: string }[]; total: number };
  }
  const names = async (cookie: string, q: string, extra = '') => (await search(cookie, q, extra)).items.map((item) => item.applicantName);

  it('"sunita" finds सुनीता, ranked: the name itself, names starting with it, containing it, then the other script and other spellings', async () => {
    expect(await names(officerA, 'sunita')).toEqual([
      'Sunita', // the whole name, as typed
      'Sunita Sharma', // starts with it
      'Anjali Sunita', // contains it, same script
      'Suneeta', // the same key: another spelling, filed before सुनीता
      'सुनीता', // the same key, the other script
      'सुनीता देवी', // the key starts the name's key
    ]);
    // Case and spaces are not part of the name.
    expect(await names(officerA, '  SUNITA ')).toEqual(await names(officerA, 'sunita'));
  });

  it('counts every match on the page it answers, and past the last page answers no rows with the same count', async () => {
    const first = await search(officerA, 'sunita');
    expect([first.total, first.items.length]).toEqual([6, 6]);
    const past = await search(officerA, 'sunita', '&page=2');
    expect([past.total, past.items]).toEqual([6, []]);
    expect(await search(officerA, 'xqzv', '&page=3')).toMatchObject({ total: 0, items: [] });
  });

  it('"सुनीता" finds Sunita, with the Devanagari names first', async () => {
    expect(await names(officerA, 'सुनीता')).toEqual(['सुनीता', 'सुनीता देवी', 'Suneeta', 'Sunita', 'Sunita Sharma', 'Anjali Sunita']);
  });

  it('"shyam", "syam" and "श्याम" find श्याम (and Shyamlal, whose name starts so), and "ram" or "rama" finds राम', async () => {
    // Shyamlal starts with "shyam" as typed, so it leads that one; for the others श्याम's key is the whole key.
    expect(await names(officerA, 'shyam')).toEqual(['Shyamlal', 'श्याम']);
    for (const q of ['syam', 'Shyaam', 'श्याम']) expect([q, await names(officerA, q)]).toEqual([q, ['श्याम', 'Shyamlal']]);
    expect(await names(officerA, 'rama')).toEqual(['राम', 'Ramesh']);
    expect(await names(officerA, 'ram')).toEqual(['Ramesh', 'राम']);
  });

  it('does not bring in names that only sound alike in part: sangeeta, anita and the others stay out of "sunita"', async () => {
    const found = await names(officerA, 'sunita');
    expect(found).not.toContain('Sangeeta');
    expect(found).not.toContain('Anita');
    expect(await names(officerA, 'anita')).toEqual(['Anita']);
    // A mobile or a number has no letters, so no phonetic key: it matches by itself only.
    expect((await search(officerA, '9876543210')).total).toBe(12);
    expect((await search(officerA, '1234')).total).toBe(0);
  });

  it('keeps offices apart: an officer of one office never gets another’s filings by search, in either script', async () => {
    for (const q of ['sunita', 'सुनीता', 'shyam', 'श्याम']) {
      const a = await search(officerA, q);
      expect(a.items.every((item) => item.office === 'LKO1' && [...ids.LKO1.values()].includes(item.id))).toBe(true);
      const b = await search(officerB, q);
      expect(b.items.length).toBeGreaterThan(0);
      expect(b.items.every((item) => item.office === 'KNP1' && [...ids.KNP1.values()].includes(item.id))).toBe(true);
    }
    expect(await names(officerB, 'sunita')).toEqual(['Sunita', 'सुनीता']);
    // Asking for the other office by name is refused, not answered with its filings.
    const other = await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications?q=sunita&office=KNP1`, headers: { cookie: officerA } });
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(ids.KNP1.get('Sunita')!);
    // The CSV takes the same search, inside the same office.
    const csv = await fx.app.inject({ method: 'GET', url: `/api/v1/office/export.csv?q=${encodeURIComponent('सुनीता')}`, headers: { cookie: officerB } });
    expect(csv.body).toContain('Sunita');
    expect(csv.body).not.toContain('Sunita Sharma');
    // An admin searches every office.
    expect((await search(admin, 'श्याम')).items.map((item) => item.office).sort()).toEqual(['KNP1', 'KNP1', 'LKO1', 'LKO1']);
  });
});
