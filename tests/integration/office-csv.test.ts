import { parse } from 'csv-parse/sync';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backlogCsv } from '../../server/services/backlog-csv';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

const NAMES = ['सीता देवी', 'Ram Prasad', 'अनुराधा सिंह', "D'Souza", '=cmd|calc'];

describeEachDatabase('backlog CSV', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    // 1,000 filings through the batch route, as kiosks send them.
    for (let batch = 0; batch < 10; batch++) {
      const items = Array.from({ length: 100 }, (_, index) => sampleEnvelope({ deviceId: fx.device.deviceId, name: NAMES[(batch * 100 + index) % NAMES.length]! }));
      const response = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: { authorization: `Bearer ${fx.device.token}` }, payload: { items } });
      expect(response.json().results.every((result: { status: number }) => result.status === 201)).toBe(true);
    }
  });
  afterEach(async () => {
    await fx.close();
  });

  it('exports 1,000 filings as UTF-8 CSV with a BOM that reads back with every Devanagari name intact', async () => {
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = fx.app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/office/export.csv`, { headers: { cookie: officer } });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="sahej-LKO1-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed: no length known in advance.
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1000);
    expect(Object.keys(rows[0]!)).toEqual(['application_no', 'receipt_no', 'office', 'type', 'status', 'received_at', 'age_days', 'applicant_name', 'mobile', 'mobile_verified', 'area', 'due_at', 'days_left', 'breached']);
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.applicant_name!, (counts.get(row.applicant_name!) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 'सीता देवी': 200, 'Ram Prasad': 200, 'अनुराधा सिंह': 200, "D'Souza": 200, "'=cmd|calc": 200 });
    expect(new Set(rows.map((row) => row.application_no)).size).toBe(1000);
    expect(rows[0]).toMatchObject({ office: 'LKO1', type: 'new_connection', status: 'received', mobile: '9876543210', area: 'urban', breached: 'no', mobile_verified: 'no' });
    // The same filters as the list.
    const filtered = await fetch(`http://127.0.0.1:${address.port}/api/v1/office/export.csv?q=${encodeURIComponent('सीता')}`, { headers: { cookie: officer } });
    expect(parse((await filtered.text()).replace(/^\uFEFF/, ''), { columns: true })).toHaveLength(200);
  });

  it('reads the database a page at a time as the reader takes the rows, never the whole list at once', async () => {
    let pages = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === 'SelectQueryNode') pages++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const stream = backlogCsv(fx.test.database.db.withPlugin(counting), { office: 'LKO1' }, new Date(), { pageSize: 100 });
    const iterator = stream[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as Buffer;
    expect(first.length).toBeGreaterThan(0);
    // The first rows are out while most pages are still unread.
    expect(pages).toBeLessThanOrEqual(3);
    let rest = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest += (next.value as Buffer).length;
    expect(rest).toBeGreaterThan(50_000);
    expect(pages).toBe(11);
  });
});

describeEachDatabase('backlog CSV dates', (dialect) => {
  // 3:04:50 a.m. on 2 December 2026 in India; still 1 December in UTC.
  const EARLY_IST = '2026-12-01T21:34:50.000Z';
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect, { now: () => new Date(EARLY_IST) });
  });
  afterEach(async () => {
    await fx.close();
  });

  it('dates the rows and the file by the day and time in India', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: new Date(EARLY_IST) });
    const sent = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: { authorization: `Bearer ${fx.device.token}` }, payload: { items: [envelope] } });
    expect(sent.json().results[0].status).toBe(201);
    await fx.test.database.db.updateTable('applications').set({ received_at: EARLY_IST }).execute();
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/office/export.csv', headers: { cookie: officer } });
    expect(response.headers['content-disposition']).toBe('attachment; filename="sahej-LKO1-2026-12-02.csv"');
    const [row] = parse(response.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(row!.received_at).toBe('2026-12-02 03:04:50');
  });
});
