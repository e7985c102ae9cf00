import { indiaDay, isCalendarDate } from '../../src/domain/dates';
import { formatMoney } from '../../src/domain/format-dates';
import { OBJECTION_ANSWER_DAYS } from '../../src/domain/status';
import { sms } from '../../src/i18n/server/sms';
import type { SmsLang, StatusMessageKind } from './status-message-kinds';

/** What a stage's message may say: the number, initials, and the stage's own facts. Nothing else reaches the text. */
export interface MessageFacts {
  kind: StatusMessageKind;
  lang: SmsLang;
  applicationNo: string;
  initials: string;
  /** The applicant's status page (received), when the filing has a receipt to prove it with. */
  statusLink?: string;
  /** Words the office wrote for the applicant; the office's own note never comes here. */
  applicantNote?: string | null;
  /** The system's note on the move (a lapsed objection says why it was cancelled). */
  noteCode?: string | null;
  surveyDate?: string | null;
  estimateAmount?: number | null;
  /** When the objection's answer is due (an instant). */
  answerDueAt?: string | null;
}

/** An applicant's note cut to the gist: an SMS is short, and the status page has it whole. */
export const REASON_MAX_CHARACTERS = 80;

const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/** Whole characters of any script (a Devanagari syllable is never split), spaces collapsed, `…` if cut. */
export function shortReason(note: string): string {
  const plain = note.replace(/\s+/g, ' ').trim();
  const parts = [...graphemes.segment(plain)].map((part) => part.segment);
  return parts.length <= REASON_MAX_CHARACTERS ? plain : `${parts.slice(0, REASON_MAX_CHARACTERS - 1).join('').trimEnd()}…`;
}

/** DD-MM-YYYY, the India day of an instant or a calendar day as it is: how a date is written on Indian notices. */
export function smsDate(value: string): string {
  const day = isCalendarDate(value) ? value : indiaDay(value);
  return day.split('-').reverse().join('-');
}

function reason(facts: MessageFacts): string {
  if (facts.applicantNote?.trim()) return shortReason(facts.applicantNote);
  if (facts.kind === 'cancelled' && facts.noteCode === 'objection_lapsed') return sms.text(facts.lang, 'fill.objection_lapsed', { days: OBJECTION_ANSWER_DAYS });
  return sms.text(facts.lang, 'fill.reason_none');
}

/** The text of a stage's message in the applicant's language, its variables filled. */
export function statusMessageText(facts: MessageFacts): string {
  const { lang } = facts;
  const date = facts.kind === 'objection' ? facts.answerDueAt : facts.surveyDate;
  return sms.text(lang, `message.${facts.kind}`, {
    applicationNo: facts.applicationNo,
    initials: facts.initials,
    link: facts.statusLink ?? sms.text(lang, 'fill.link_none'),
    reason: reason(facts),
    date: date ? smsDate(date) : sms.text(lang, 'fill.date_none'),
    amount: facts.estimateAmount ? formatMoney(facts.estimateAmount, lang) : sms.text(lang, 'fill.amount_none'),
  });
}
