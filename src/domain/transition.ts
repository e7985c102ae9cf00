import { addDays, indiaDay, isCalendarDate } from './dates';
import { NOTE_MAX_LENGTH } from './status-notes';
import type { ValidationIssue } from './validation-codes';

/**
 * What an officer sends to move an application (POST /office/applications/:id/transitions).
 * `note` is the office's own record and never leaves the office; `applicantNote` is
 * written for the applicant (their receipt page, their SMS), so an officer can say
 * "bring the sale deed" without showing "deed looks forged" to anyone.
 */
export interface TransitionInput {
  to: string;
  note: string;
  applicantNote?: string;
  /** The survey's day (YYYY-MM-DD, India), required when moving to `survey_scheduled`. */
  surveyDate?: string;
  /** The estimate in whole rupees, required when moving to `estimate_issued`. */
  estimateAmount?: number;
}

/** Short enough for an SMS to carry the gist and a phone screen to show it whole. */
export const APPLICANT_NOTE_MAX_LENGTH = 300;
/** A survey is fixed from today up to this many days ahead (India days). */
export const SURVEY_WINDOW_DAYS = 60;
export const ESTIMATE_MAX_RUPEES = 10_000_000;

/** The days a survey may be fixed on, judged on `now` (the server's clock: scheduling happens now, not at capture). */
export function surveyWindow(now: Date | string | number): { first: string; last: string } {
  const first = indiaDay(now);
  return { first, last: addDays(first, SURVEY_WINDOW_DAYS) };
}

/**
 * Everything wrong with a transition's fields, judged alike by the console (before it
 * sends) and the server (which refuses with 422 and changes nothing). Whether the move
 * itself is allowed is the status machine's question (status.ts), not this one.
 */
export function transitionIssues(input: Partial<Record<keyof TransitionInput, unknown>>, now: Date | string | number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { to, note, applicantNote, surveyDate, estimateAmount } = input;
  if (typeof note !== 'string' || !note.trim()) issues.push({ path: 'note', code: 'required' });
  else if (note.length > NOTE_MAX_LENGTH) issues.push({ path: 'note', code: 'text.too_long' });
  if (applicantNote !== undefined) {
    if (typeof applicantNote !== 'string') issues.push({ path: 'applicantNote', code: 'invalid' });
    else if (applicantNote.length > APPLICANT_NOTE_MAX_LENGTH) issues.push({ path: 'applicantNote', code: 'text.too_long' });
  }
  if (to === 'survey_scheduled' || surveyDate !== undefined) {
    if (surveyDate === undefined || surveyDate === '') issues.push({ path: 'surveyDate', code: 'required' });
    else if (typeof surveyDate !== 'string' || !isCalendarDate(surveyDate)) issues.push({ path: 'surveyDate', code: 'date.format' });
    else {
      const window = surveyWindow(now);
      if (surveyDate < window.first || surveyDate > window.last) issues.push({ path: 'surveyDate', code: 'date.window' });
    }
    if (to !== 'survey_scheduled' && surveyDate !== undefined) issues.push({ path: 'surveyDate', code: 'unknown_field' });
  }
  if (to === 'estimate_issued' || estimateAmount !== undefined) {
    if (estimateAmount === undefined) issues.push({ path: 'estimateAmount', code: 'required' });
    else if (typeof estimateAmount !== 'number' || !Number.isInteger(estimateAmount) || estimateAmount < 1 || estimateAmount > ESTIMATE_MAX_RUPEES) {
      issues.push({ path: 'estimateAmount', code: 'estimate.amount' });
    }
    if (to !== 'estimate_issued' && estimateAmount !== undefined) issues.push({ path: 'estimateAmount', code: 'unknown_field' });
  }
  return issues;
}
