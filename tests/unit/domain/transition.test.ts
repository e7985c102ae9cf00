import { describe, expect, it } from 'vitest';
import { APPLICANT_NOTE_MAX_LENGTH, surveyWindow, transitionIssues } from '../../../src/domain/transition';
import { NOTE_MAX_LENGTH } from '../../../src/domain/status-notes';

// 2026-12-03 20:00 UTC is already 2026-12-04 in India: the window is judged in India days.
const now = new Date('2026-12-03T20:00:00Z');

describe('a transition’s fields', () => {
  it('the survey window runs from the India day to 60 days ahead', () => {
    expect(surveyWindow(now)).toEqual({ first: '2026-12-04', last: '2027-02-02' });
  });

  it('a plain move needs only a note, within its limit', () => {
    expect(transitionIssues({ to: 'under_review', note: 'Documents checked' }, now)).toEqual([]);
    expect(transitionIssues({ to: 'under_review', note: '  ' }, now)).toEqual([{ path: 'note', code: 'required' }]);
    expect(transitionIssues({ to: 'under_review', note: 'x'.repeat(NOTE_MAX_LENGTH + 1) }, now)).toEqual([{ path: 'note', code: 'text.too_long' }]);
  });

  it('the note to the applicant is optional text within its own, shorter limit', () => {
    expect(transitionIssues({ to: 'objection', note: 'n', applicantNote: 'x'.repeat(APPLICANT_NOTE_MAX_LENGTH) }, now)).toEqual([]);
    expect(transitionIssues({ to: 'objection', note: 'n', applicantNote: 'x'.repeat(APPLICANT_NOTE_MAX_LENGTH + 1) }, now)).toEqual([{ path: 'applicantNote', code: 'text.too_long' }]);
    expect(transitionIssues({ to: 'objection', note: 'n', applicantNote: 5 }, now)).toEqual([{ path: 'applicantNote', code: 'invalid' }]);
  });

  it('a survey needs a real day inside the window, and only a survey takes one', () => {
    const survey = (surveyDate: unknown) => transitionIssues({ to: 'survey_scheduled', note: 'n', surveyDate }, now);
    expect(survey('2026-12-04')).toEqual([]);
    expect(survey('2027-02-02')).toEqual([]);
    expect(survey(undefined)).toEqual([{ path: 'surveyDate', code: 'required' }]);
    expect(survey('2026-12-03')).toEqual([{ path: 'surveyDate', code: 'date.window' }]);
    expect(survey('2027-02-03')).toEqual([{ path: 'surveyDate', code: 'date.window' }]);
    expect(survey('2026-02-30')).toEqual([{ path: 'surveyDate', code: 'date.format' }]);
    expect(survey(20261210)).toEqual([{ path: 'surveyDate', code: 'date.format' }]);
    expect(transitionIssues({ to: 'under_review', note: 'n', surveyDate: '2026-12-10' }, now)).toEqual([{ path: 'surveyDate', code: 'unknown_field' }]);
  });

  it('an estimate needs whole rupees from 1 to one crore, and only an estimate takes one', () => {
    const estimate = (estimateAmount: unknown) => transitionIssues({ to: 'estimate_issued', note: 'n', estimateAmount }, now);
    expect(estimate(12500)).toEqual([]);
    expect(estimate(10_000_000)).toEqual([]);
    expect(estimate(undefined)).toEqual([{ path: 'estimateAmount', code: 'required' }]);
    for (const bad of [0, -5, 12.5, 10_000_001, '12500', Number.NaN]) expect(estimate(bad)).toEqual([{ path: 'estimateAmount', code: 'estimate.amount' }]);
    expect(transitionIssues({ to: 'connected', note: 'n', estimateAmount: 100 }, now)).toEqual([{ path: 'estimateAmount', code: 'unknown_field' }]);
  });
});

describe('the status link an SMS carries', () => {
  it('holds the receipt number and check code, and reads back', async () => {
    const { parseStatusLinkFragment, statusLinkPath } = await import('../../../src/domain/receipt/status-link');
    const path = statusLinkPath('LKO1-D01-000042', 'ABCD-EFGH');
    expect(path).toBe('/s/#LKO1-D01-000042.ABCDEFGH');
    expect(parseStatusLinkFragment(path.split('#')[1]!)).toEqual({ receiptNo: 'LKO1-D01-000042', checkCode: 'ABCD-EFGH' });
    expect(parseStatusLinkFragment('LKO1-D01-000042.abcd-efgh')).toEqual({ receiptNo: 'LKO1-D01-000042', checkCode: 'ABCD-EFGH' });
    for (const bad of ['', 'LKO1-D01-000042', 'LKO1-D01-000042.ABC', 'nonsense.ABCDEFGH']) expect(parseStatusLinkFragment(bad)).toBeUndefined();
  });
});
