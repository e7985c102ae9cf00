import { parse } from 'csv-parse/sync';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backlogCsv } from '../../server/services/backlog-csv';
import { app } from '../../src/i18n/app';
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

  it('exports 1,000 filings for machines (codes=1) as UTF-8 CSV with a BOM that reads back with every Devanagari name intact', async () => {
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = fx.app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/office/export.csv?codes=1`, { headers: { cookie: officer } });
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
    const filtered = await fetch(`http://127.0.0.1:${address.port}/api/v1/office/export.csv?codes=1&q=${encodeURIComponent('सीता')}`, { headers: { cookie: officer } });
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
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/office/export.csv?codes=1', headers: { cookie: officer } });
    expect(response.headers['content-disposition']).toBe('attachment; filename="sahej-LKO1-2026-12-02.csv"');
    const [row] = parse(response.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(row!.received_at).toBe('2026-12-02 03:04:50');
    // People's form: the same times, under the officer's headers; the service deadline (7 days for an urban connection) too.
    for (const [lang, received, deadline] of [
      ['hi', 'कार्यालय में प्राप्त', 'सेवा की समय-सीमा'],
      ['en', 'Received at the office', 'Service deadline'],
    ] as const) {
      const people = await fx.app.inject({ method: 'GET', url: `/api/v1/office/export.csv?lang=${lang}`, headers: { cookie: officer } });
      expect(people.headers['content-disposition']).toBe('attachment; filename="sahej-LKO1-2026-12-02.csv"');
      const [labelled] = parse(people.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
      expect(labelled![received]).toBe('2026-12-02 03:04:50');
      expect(labelled![deadline]).toBe(row!.due_at);
      expect(labelled![deadline]).toBe('2026-12-09 03:04:50');
    }
  });
});

/** Today's machine header, byte for byte: scripts read it, so `codes=1` must never change it. */
const CODES_HEADER = 'application_no,receipt_no,office,type,status,received_at,age_days,applicant_name,mobile,mobile_verified,area,due_at,days_left,breached';
/** The people's headers: the machines' columns in order, then the survey's day (issue 16), which codes=1 does not have. */
const HEADERS = {
  hi: 'आवेदन संख्या,रसीद संख्या,कार्यालय,आवेदन का प्रकार,स्थिति,कार्यालय में प्राप्त,उम्र (दिन),आवेदक का नाम,मोबाइल नंबर,मोबाइल पुष्ट,क्षेत्र,सेवा की समय-सीमा,समय-सीमा में बचे दिन,समय-सीमा पार,सर्वे की तारीख़',
  en: 'Application number,Receipt number,Office,Request type,Stage,Received at the office,Age (days),Applicant’s name,Mobile number,Mobile verified,Area,Service deadline,Days left to the deadline,Deadline missed,Survey date',
};
const SURVEY_DAYS = ['', '2026-12-04', '2026-12-09', '2026-12-01', ''];

describeEachDatabase('backlog CSV for people', (dialect) => {
  let fx: ApiFixture;
  let officer: string;
  const get = (query: string) => fx.app.inject({ method: 'GET', url: `/api/v1/office/export.csv${query}`, headers: { cookie: officer } });
  const rowsOf = (body: string) => parse(body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    // One filing a name, areas in turn; then a stage each, every other mobile verified and one clock run out.
    const items = NAMES.map((name, index) => sampleEnvelope({ deviceId: fx.device.deviceId, name, area: ['metro', 'urban', 'rural', 'hilly_rural'][index % 4]! }));
    const sent = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: { authorization: `Bearer ${fx.device.token}` }, payload: { items } });
    expect(sent.json().results.every((result: { status: number }) => result.status === 201)).toBe(true);
    const stages = ['received', 'estimate_issued', 'survey_scheduled', 'objection', 'connected'] as const;
    for (const [index, item] of items.entries()) {
      await fx.test.database.db
        .updateTable('applications')
        .set({
          status: stages[index]!,
          mobile_verified_at: index % 2 ? new Date().toISOString() : null,
          ...(index === 3 ? { due_at: '2020-01-01T00:00:00.000Z' } : {}),
          survey_date: SURVEY_DAYS[index] || null,
          estimate_amount: index === 1 ? 3450 : null,
        })
        .where('id', '=', item.id)
        .execute();
    }
    officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
  });
  afterEach(async () => {
    await fx.close();
  });

  it('is in Hindi by default: a BOM, Hindi headers, stages, request types, areas and yes/no in words, names intact, formulas defused', async () => {
    const response = await get('');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.body.slice(1, response.body.indexOf('\n'))).toBe(HEADERS.hi);
    const rows = rowsOf(response.body);
    expect(rows.map((row) => row['आवेदक का नाम'])).toEqual(['सीता देवी', 'Ram Prasad', 'अनुराधा सिंह', "D'Souza", "'=cmd|calc"]);
    expect(rows.map((row) => row['स्थिति'])).toEqual(['कार्यालय में प्राप्त', 'अनुमान (एस्टिमेट) जारी', 'सर्वे तय', 'आपत्ति — उत्तर चाहिए', 'कनेक्शन चालू']);
    expect(rows.map((row) => row['क्षेत्र'])).toEqual(['महानगर', 'शहरी', 'ग्रामीण', 'पहाड़ी ग्रामीण', 'महानगर']);
    expect(new Set(rows.map((row) => row['आवेदन का प्रकार']))).toEqual(new Set(['नया बिजली कनेक्शन']));
    expect(rows.map((row) => row['मोबाइल पुष्ट'])).toEqual(['नहीं', 'हाँ', 'नहीं', 'हाँ', 'नहीं']);
    expect(rows.map((row) => row['समय-सीमा पार'])).toEqual(['नहीं', 'नहीं', 'नहीं', 'हाँ', 'नहीं']);
    expect(rows[3]!['सेवा की समय-सीमा']).toBe('2020-01-01 05:30:00');
    expect(rows.map((row) => row['सर्वे की तारीख़'])).toEqual(SURVEY_DAYS);
    // The same bytes when Hindi is asked for by name.
    expect((await get('?lang=hi')).rawPayload.equals(response.rawPayload)).toBe(true);
  });

  it('is in English with lang=en, with the same filters as the list', async () => {
    const response = await get('?lang=en');
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.body.slice(1, response.body.indexOf('\n'))).toBe(HEADERS.en);
    const rows = rowsOf(response.body);
    expect(rows.map((row) => row['Applicant’s name'])).toEqual(['सीता देवी', 'Ram Prasad', 'अनुराधा सिंह', "D'Souza", "'=cmd|calc"]);
    expect(rows.map((row) => row.Stage)).toEqual(['Received at the office', 'Estimate issued', 'Survey scheduled', 'Objection — answer needed', 'Connected']);
    expect(rows.map((row) => row.Area)).toEqual(['Metro', 'Urban', 'Rural', 'Hilly rural', 'Metro']);
    expect(rows[0]!['Request type']).toBe('New electricity connection');
    expect(rows.map((row) => row['Mobile verified'])).toEqual(['No', 'Yes', 'No', 'Yes', 'No']);
    expect(rows.map((row) => row['Deadline missed'])).toEqual(['No', 'No', 'No', 'Yes', 'No']);
    expect(rows.map((row) => row['Survey date'])).toEqual(SURVEY_DAYS);
    expect(rows[3]!['Service deadline']).toBe('2020-01-01 05:30:00');
    const filtered = rowsOf((await get(`?lang=en&status=estimate_issued,connected&q=${encodeURIComponent('=cmd')}`)).body);
    expect(filtered.map((row) => [row['Applicant’s name'], row.Stage])).toEqual([["'=cmd|calc", 'Connected']]);
  });

  it('holds the same cells as the machines’ form, column for column, only codes and flags put in words', async () => {
    const codes = rowsOf((await get('?codes=1')).body);
    const labelled = { hi: rowsOf((await get('?lang=hi')).body), en: rowsOf((await get('?lang=en')).body) };
    const columns = CODES_HEADER.split(',');
    const words: Record<string, (code: string, lang: 'hi' | 'en') => string> = {
      type: (code, lang) => app.tables[lang][`type.${code}` as 'type.new_connection'],
      status: (code, lang) => app.tables[lang][`serverStatus.${code}` as 'serverStatus.received'],
      area: (code, lang) => app.tables[lang][`area.${code}` as 'area.urban'],
      mobile_verified: (code, lang) => ({ yes: { hi: 'हाँ', en: 'Yes' }, no: { hi: 'नहीं', en: 'No' } })[code as 'yes' | 'no'][lang],
    };
    words.breached = words.mobile_verified!;
    for (const lang of ['hi', 'en'] as const) {
      const headers = HEADERS[lang].split(',');
      expect(headers.length).toBe(columns.length + 1);
      expect(labelled[lang]).toHaveLength(codes.length);
      labelled[lang].forEach((row, index) => {
        columns.forEach((column, at) => {
          const code = codes[index]![column]!;
          expect(row[headers[at]!], `${lang} ${column}`).toBe(words[column] ? words[column](code, lang) : code);
        });
      });
    }
  });

  it('keeps codes=1 exactly the machines’ file: today’s header and raw codes, whatever lang says', async () => {
    const response = await get('?codes=1');
    expect(response.rawPayload.subarray(0, 3 + CODES_HEADER.length + 1).equals(Buffer.from(`\uFEFF${CODES_HEADER}\n`))).toBe(true);
    const rows = rowsOf(response.body);
    expect(rows.map((row) => row.status)).toEqual(['received', 'estimate_issued', 'survey_scheduled', 'objection', 'connected']);
    expect(rows.map((row) => row.area)).toEqual(['metro', 'urban', 'rural', 'hilly_rural', 'metro']);
    expect(rows.map((row) => row.mobile_verified)).toEqual(['no', 'yes', 'no', 'yes', 'no']);
    expect(rows.map((row) => row.breached)).toEqual(['no', 'no', 'no', 'yes', 'no']);
    expect(rows[4]!.applicant_name).toBe("'=cmd|calc");
    // The survey's day is the people's column only: the machines' rows are as they were.
    expect(Object.keys(rows[0]!)).toEqual(CODES_HEADER.split(','));
    expect((await get('?codes=1&lang=en')).rawPayload.equals(response.rawPayload)).toBe(true);
    expect((await get('?lang=hi&codes=1')).rawPayload.equals(response.rawPayload)).toBe(true);
  });

  it('refuses a language or a codes value it does not know, naming the parameter', async () => {
    for (const [query, parameter] of [
      ['?lang=fr', 'lang'],
      ['?lang=HI', 'lang'],
      ['?lang=hi&lang=en', 'lang'],
      ['?codes=yes', 'codes'],
      ['?codes=2&lang=en', 'codes'],
      ['?codes=1&lang=xx', 'lang'],
    ] as const) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ error: 'bad_request', parameter });
    }
  });
});
