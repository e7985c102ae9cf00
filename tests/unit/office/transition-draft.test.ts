import { describe, expect, it } from 'vitest';
import { APPLICANT_NOTE_MAX_LENGTH } from '../../../src/domain/transition';
import { draftIssues, EMPTY_DRAFT, issuesByField, parseRupees, surveyChoices, transitionInput, type TransitionDraft } from '../../../src/office/Detail/transition-draft';

// 2026-12-03 20:00 UTC is 2026-12-04 in India: the window runs 2026-12-04 … 2027-02-02.
const now = new Date('2026-12-03T20:00:00Z');
const draft = (change: Partial<TransitionDraft>): TransitionDraft => ({ ...EMPTY_DRAFT, note: 'n', ...change });

describe('the transition form’s draft', () => {
  it('offers the applicant’s days in their order, marking those outside the window and why', () => {
    expect(surveyChoices(['2026-12-03', '2026-12-04', '2027-02-02', '2027-02-03'], now)).toEqual([
      { day: '2026-12-03', outside: 'past' },
      { day: '2026-12-04' },
      { day: '2027-02-02' },
      { day: '2027-02-03', outside: 'beyond' },
    ]);
    expect(surveyChoices([], now)).toEqual([]);
  });

  it('reads rupees as typed at a desk, and nothing else', () => {
    expect(parseRupees('12500')).toBe(12500);
    expect(parseRupees(' ₹ 12,500 ')).toBe(12500);
    expect(parseRupees('Rs. 1,00,000')).toBe(100000);
    expect(parseRupees('१२५००')).toBe(12500);
    expect(parseRupees('')).toBeUndefined();
    expect(parseRupees('   ')).toBeUndefined();
    for (const bad of ['12.5', '12500.00', '-5', '1e4', 'बारह', '12 500x']) expect(parseRupees(bad), bad).toBeNaN();
  });

  it('sends only the fields the stage takes, notes trimmed, an empty note to the applicant left out', () => {
    const filled = { note: '  कागज़ देखे  ', applicantNote: '  ', surveyDate: '2026-12-10', estimate: '5,000' };
    expect(transitionInput(draft({ ...filled, to: 'under_review' }))).toEqual({ to: 'under_review', note: 'कागज़ देखे' });
    expect(transitionInput(draft({ ...filled, to: 'survey_scheduled', applicantNote: ' घर पर रहें ' }))).toEqual({ to: 'survey_scheduled', note: 'कागज़ देखे', applicantNote: 'घर पर रहें', surveyDate: '2026-12-10' });
    expect(transitionInput(draft({ ...filled, to: 'estimate_issued' }))).toEqual({ to: 'estimate_issued', note: 'कागज़ देखे', estimateAmount: 5000 });
    expect(transitionInput(draft({ ...filled, to: 'estimate_issued', estimate: '' }))).toEqual({ to: 'estimate_issued', note: 'कागज़ देखे' });
  });

  it('is judged as the server judges it: one code per field, a missing stage first', () => {
    expect(draftIssues(draft({ note: '' }), now)).toEqual({ to: 'required' });
    expect(draftIssues(draft({ to: 'under_review' }), now)).toEqual({});
    expect(draftIssues(draft({ to: 'survey_scheduled', note: ' ' }), now)).toEqual({ note: 'required', surveyDate: 'required' });
    expect(draftIssues(draft({ to: 'survey_scheduled', surveyDate: '2027-02-03' }), now)).toEqual({ surveyDate: 'date.window' });
    expect(draftIssues(draft({ to: 'survey_scheduled', surveyDate: '2026-12-04' }), now)).toEqual({});
    expect(draftIssues(draft({ to: 'estimate_issued', estimate: '12.5' }), now)).toEqual({ estimateAmount: 'estimate.amount' });
    expect(draftIssues(draft({ to: 'estimate_issued' }), now)).toEqual({ estimateAmount: 'required' });
    expect(draftIssues(draft({ to: 'estimate_issued', estimate: '₹12,500' }), now)).toEqual({});
    expect(draftIssues(draft({ to: 'objection', applicantNote: 'x'.repeat(APPLICANT_NOTE_MAX_LENGTH + 1) }), now)).toEqual({ applicantNote: 'text.too_long' });
  });

  it('puts a 422’s issue on its field, and one the form has no field for at the top', () => {
    expect(issuesByField([{ path: 'surveyDate', code: 'date.window' }, { path: 'surveyDate', code: 'required' }, { path: 'applicantNote', code: 'text.too_long' }])).toEqual({ surveyDate: 'date.window', applicantNote: 'text.too_long' });
    expect(issuesByField([{ path: 'priority', code: 'unknown_field' }])).toEqual({ to: 'unknown_field' });
  });
});
