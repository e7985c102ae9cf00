import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../../server/services/status';
import type { Change } from '../../../src/domain/changes';
import type { ApiClient } from '../../../src/sync/api-client';
import { indiaDay } from '../../../src/domain/dates';
import { pullChanges } from '../../../src/sync/changes';
import { drainOutbox } from '../../../src/sync/drain';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

/**
 * What a move set for the applicant (the survey's day, the estimate, the office's words
 * for them) lands on the device's filing: first from the real server's feed, then from a
 * feed scripted page by page, so each rule of the applier is seen on its own.
 */
describe('the changes applier and a move’s details', () => {
  let fx: ClientFixture;
  let pages: Change[][];
  beforeEach(async () => {
    fx = await createClientFixture();
    pages = [];
  });
  afterEach(async () => {
    await fx.close();
  });

  let cursor = 0;
  const feed = { changes: async () => ({ changes: pages.shift() ?? [], cursor: String(++cursor), more: false, epoch: 'e1' }) } as unknown as ApiClient;
  const pull = () => pullChanges(fx.db, feed, fx.enrollment.token);
  const move = (id: string, status: string, extra: Partial<Change> = {}): Change => ({ id, applicationNo: 'LKO1-000001', status, at: new Date().toISOString(), ...extra });

  it('from the server’s own feed: the day, the amount and the note to the applicant as the officer set them', async () => {
    const { id } = await fx.submit();
    await drainOutbox(fx.drainContext());
    const db = fx.server.database.db;
    const day = indiaDay(Date.now() + 3 * 86_400_000);
    await changeStatus(db, { id, to: 'survey_scheduled', note: 'फ़ोन पर पुष्टि', applicantNote: 'घर पर रहें', surveyDate: day, actor: 'officer' });
    await changeStatus(db, { id, to: 'estimate_issued', note: 'लाइन 40 मीटर', estimateAmount: 12500, actor: 'officer' });
    expect(await pullChanges(fx.db, fx.api, fx.enrollment.token)).toMatchObject({ kind: 'pulled', applied: 3 }); // received, survey, estimate
    const filing = (await fx.db.filings.get(id))!;
    expect(filing).toMatchObject({ serverStatus: 'estimate_issued', statusNote: 'लाइन 40 मीटर', surveyDate: day, estimateAmount: 12500 });
    expect(filing.applicantNote).toBeUndefined();
  });

  it('stores the survey’s day and the note to the applicant, beside the office’s own note', async () => {
    const { id } = await fx.submit();
    pages.push([move(id, 'survey_scheduled', { note: 'फ़ोन पर पुष्टि', applicantNote: 'सुबह 10 बजे घर पर रहें', surveyDate: '2026-12-10' })]);
    await pull();
    expect(await fx.db.filings.get(id)).toMatchObject({ serverStatus: 'survey_scheduled', statusNote: 'फ़ोन पर पुष्टि', applicantNote: 'सुबह 10 बजे घर पर रहें', surveyDate: '2026-12-10' });
  });

  it('keeps the survey’s day and the estimate through later stages, and lets the note to the applicant go with its stage', async () => {
    const { id } = await fx.submit();
    pages.push([move(id, 'survey_scheduled', { applicantNote: 'घर पर रहें', surveyDate: '2026-12-10' }), move(id, 'estimate_issued', { estimateAmount: 12500, applicantNote: 'राशि जमा करें' })]);
    await pull();
    expect(await fx.db.filings.get(id)).toMatchObject({ serverStatus: 'estimate_issued', surveyDate: '2026-12-10', estimateAmount: 12500, applicantNote: 'राशि जमा करें' });

    pages.push([move(id, 'estimate_paid', { note: 'रसीद 88' })]);
    await pull();
    const paid = (await fx.db.filings.get(id))!;
    expect(paid).toMatchObject({ serverStatus: 'estimate_paid', surveyDate: '2026-12-10', estimateAmount: 12500 });
    expect(paid.applicantNote).toBeUndefined();
  });

  it('takes a new day when the survey is fixed again', async () => {
    const { id } = await fx.submit();
    pages.push([move(id, 'survey_scheduled', { surveyDate: '2026-12-10' }), move(id, 'objection', { note: 'नक्शा लगाएँ' }), move(id, 'under_review'), move(id, 'survey_scheduled', { surveyDate: '2026-12-20' })]);
    await pull();
    expect(await fx.db.filings.get(id)).toMatchObject({ serverStatus: 'survey_scheduled', surveyDate: '2026-12-20' });
  });

  it('leaves them alone on a mobile verification, which is no move', async () => {
    const { id } = await fx.submit();
    pages.push([move(id, 'survey_scheduled', { applicantNote: 'घर पर रहें', surveyDate: '2026-12-10' }), move(id, 'survey_scheduled', { mobileVerified: true })]);
    await pull();
    expect(await fx.db.filings.get(id)).toMatchObject({ serverStatus: 'survey_scheduled', applicantNote: 'घर पर रहें', surveyDate: '2026-12-10' });
  });
});
