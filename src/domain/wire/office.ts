import * as z from 'zod/mini';
import type { Addition } from '../addition';
import type { Envelope } from '../envelope';
import { AGE_BUCKETS, type AgeBucket } from '../service-clock';
import { STATUSES } from '../status';
import { bool, noteParams, nullableStr, num, opaque, str } from './common';

// What the server answers the office console (src/office/office-api.ts); docs/api.md "Office routes (console)".

export const ROLES = ['officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A person signed in to the console. An officer sees one office; an admin every office. */
export const officerSchema = z.object({
  username: str,
  displayName: str,
  role: z.enum(ROLES),
  /** null for an admin, who sees every office. */
  officeCode: nullableStr,
});
export type Officer = z.output<typeof officerSchema>;

export const meAnswerSchema = z.object({ user: officerSchema });
export const loginAnswerSchema = z.object({ user: officerSchema, expiresAt: str });
export const officesAnswerSchema = z.object({ offices: z.array(str) });

const status = z.enum(STATUSES);

/** One application in the office's backlog list. */
export const backlogItemSchema = z.object({
  id: str,
  applicationNo: str,
  receiptNo: nullableStr,
  office: str,
  type: str,
  status,
  receivedAt: str,
  ageDays: num,
  applicantName: str,
  mobile: str,
  area: nullableStr,
  dueAt: nullableStr,
  /** Whole days left on the service clock; negative once breached; null without a clock or when final. */
  daysLeft: z.nullable(num),
  breached: bool,
  mobileVerified: bool,
  /** The survey's day (YYYY-MM-DD, India) and the estimate in rupees the latest moves set; null until one did. */
  surveyDate: nullableStr,
  estimateAmount: z.nullable(num),
});
export type BacklogItem = z.output<typeof backlogItemSchema>;

export const backlogPageSchema = z.object({ items: z.array(backlogItemSchema), total: num, page: num, pageSize: num });
export type BacklogPage = z.output<typeof backlogPageSchema>;

const byAge = z.object(Object.fromEntries(AGE_BUCKETS.map((bucket) => [bucket.id, num])) as Record<AgeBucket, typeof num>);

export const backlogStatsSchema = z.object({
  /** Applications at each stage, split by age in days since received. */
  byStatus: z.array(z.object({ status, total: num, byAge })),
  /** Open applications whose service clock has run out. */
  breached: num,
  /** Open applications whose mobile is not verified. */
  mobileUnverified: num,
  total: num,
  /** Filings and additions the office's devices last said they still hold unsent: not on the server yet. */
  onDevices: num,
});
export type BacklogStats = z.output<typeof backlogStatsSchema>;

export const documentInfoSchema = z.object({ sha256: str, kind: str, mime: nullableStr, size: z.nullable(num), present: bool });
export type DocumentInfo = z.output<typeof documentInfoSchema>;

/**
 * `note` is free text (an officer's words, an applicant's answer, or an old system note in English); `noteCode` a system note to render.
 * `applicantNote`, `surveyDate` and `estimateAmount` are what a move told the applicant, and the day and amount it set (src/domain/transition.ts).
 */
export const historyEventSchema = z.object({
  seq: num,
  kind: str,
  status: nullableStr,
  note: nullableStr,
  noteCode: z.optional(str),
  noteParams: z.optional(noteParams),
  applicantNote: nullableStr,
  surveyDate: nullableStr,
  estimateAmount: z.nullable(num),
  actor: nullableStr,
  at: str,
});
export type HistoryEvent = z.output<typeof historyEventSchema>;

export const objectionSchema = z.object({
  id: str,
  reason: str,
  raisedBy: str,
  raisedAt: str,
  answerDueAt: str,
  closedAt: nullableStr,
  outcome: nullableStr,
  additionId: nullableStr,
});
export type Objection = z.output<typeof objectionSchema>;

export const otpStateSchema = z.object({ state: str, sentAt: nullableStr, attempts: num, sendAttempts: num, lastError: nullableStr, verifiedAt: nullableStr });
export type OtpState = z.output<typeof otpStateSchema>;

// The envelope and the additions were validated when the server took them; the console
// shows them as stored, so only their outline is checked here (and the app bundle does
// not carry a second copy of every request type's rules).
const storedEnvelope = opaque<Envelope>((value) => typeof value.id === 'string' && typeof value.type === 'string' && !!value.data && typeof value.data === 'object' && Array.isArray(value.documents));
const storedAddition = opaque<Addition & { receivedAt: string }>((value) => typeof value.id === 'string' && typeof value.receivedAt === 'string' && Array.isArray(value.documents));

export const applicationDetailSchema = z.extend(backlogItemSchema, {
  envelope: storedEnvelope,
  /** Every document of the filing and of its additions; `present` once the bytes are on the server. */
  documents: z.array(documentInfoSchema),
  /** The event log, oldest first: what happened, who did it, with which note. */
  history: z.array(historyEventSchema),
  objections: z.array(objectionSchema),
  additions: z.array(storedAddition),
  otp: z.nullable(otpStateSchema),
  /** The stages this application may move to next. */
  next: z.array(status),
  /** The three days the applicant asked for a survey (a new connection's), for the console to offer first; empty for other requests. */
  preferredSurveyDates: z.array(str),
});
export type ApplicationDetail = z.output<typeof applicationDetailSchema>;

export const transitionAnswerSchema = z.object({ id: str, from: status, to: status, status });
export type TransitionAnswer = z.output<typeof transitionAnswerSchema>;
