import { toLatinDigits } from '../../domain/digits';
import type { Status } from '../../domain/status';
import { surveyWindow, transitionIssues, type TransitionInput } from '../../domain/transition';
import type { ValidationIssue } from '../../domain/validation-codes';

/**
 * The transition form's state as typed, and the one way it becomes a request: the console
 * judges the request with the same transitionIssues the server runs, so what the officer
 * is told before sending is what the server would have answered.
 */
export interface TransitionDraft {
  to: Status | '';
  /** The office's own record of the move. */
  note: string;
  /** Words for the applicant; empty = none. */
  applicantNote: string;
  /** YYYY-MM-DD: one of the applicant's preferred days chosen, or the picker's day. */
  surveyDate: string;
  /** The estimate as typed (Devanagari digits and grouping commas allowed). */
  estimate: string;
}

export const EMPTY_DRAFT: TransitionDraft = { to: '', note: '', applicantNote: '', surveyDate: '', estimate: '' };

/** The fields a move may carry, in the order the form shows them (and puts focus on the first wrong one). */
export const DRAFT_FIELDS = ['to', 'surveyDate', 'estimateAmount', 'note', 'applicantNote'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

/** One of the applicant's days: offered only if a survey may be fixed on it now. */
export interface SurveyChoice {
  day: string;
  /** Why it cannot be chosen now: the day has passed (or is today's window's yesterday), or it is beyond the window. */
  outside?: 'past' | 'beyond';
}

export function surveyChoices(preferred: readonly string[], now: Date | number | string): SurveyChoice[] {
  const { first, last } = surveyWindow(now);
  return preferred.map((day) => (day < first ? { day, outside: 'past' } : day > last ? { day, outside: 'beyond' } : { day }));
}

/**
 * Whole rupees as typed at a desk: "12500", "12,500", "₹ 12,500", "१२५००". Anything else
 * (a fraction, letters) is NaN, which transitionIssues names `estimate.amount`; empty is
 * undefined, which it names `required`.
 */
export function parseRupees(typed: string): number | undefined {
  const compact = toLatinDigits(typed).replace(/^\s*(₹|rs\.?)/i, '').replace(/[\s,]/g, '');
  if (compact === '') return undefined;
  return /^\d+$/.test(compact) ? Number(compact) : Number.NaN;
}

/** The request the draft stands for: only the fields its stage takes, notes trimmed, an empty note to the applicant left out. */
export function transitionInput(draft: TransitionDraft): TransitionInput {
  const input: TransitionInput = { to: draft.to, note: draft.note.trim() };
  const applicantNote = draft.applicantNote.trim();
  if (applicantNote) input.applicantNote = applicantNote;
  if (draft.to === 'survey_scheduled') input.surveyDate = draft.surveyDate;
  if (draft.to === 'estimate_issued') {
    const amount = parseRupees(draft.estimate);
    if (amount !== undefined) input.estimateAmount = amount;
  }
  return input;
}

/** What is wrong with the draft, one code per field (the first, as the field shows one message). */
export function draftIssues(draft: TransitionDraft, now: Date | number | string): Partial<Record<DraftField, string>> {
  const issues: ValidationIssue[] = draft.to ? transitionIssues(transitionInput(draft), now) : [{ path: 'to', code: 'required' }];
  return issuesByField(issues);
}

/**
 * Issues (the console's or a 422's) by the form's fields; one the form has no field for
 * (a newer server's path) goes under `to`, the top of the form, rather than nowhere.
 */
export function issuesByField(issues: readonly { path: string; code: string }[]): Partial<Record<DraftField, string>> {
  const byField: Partial<Record<DraftField, string>> = {};
  for (const { path, code } of issues) {
    const field = (DRAFT_FIELDS as readonly string[]).includes(path) ? (path as DraftField) : 'to';
    byField[field] ??= code;
  }
  return byField;
}
