import * as z from 'zod/mini';
import { isCalendarDate } from '../dates';
import { toLatinDigits } from '../digits';
import type { ValidationIssue } from '../validation-codes';
import { consent, fee, loadKw, person } from './common';
import { choice, digitText, fail, text } from './fields';

export const AREAS = ['metro', 'urban', 'rural', 'hilly_rural'] as const;
export type Area = (typeof AREAS)[number];
export const CATEGORIES = ['LMV-1', 'LMV-2', 'LMV-4A', 'LMV-4B', 'LMV-5', 'LMV-6', 'LMV-9', 'LMV-11'] as const;
export const PHASES = ['single', 'three'] as const;
export const METERS = ['prepaid_smart', 'postpaid'] as const;

export const PIN_PATTERN = /^[1-9]\d{5}$/;

export const premises = z.strictObject({
  line1: text(120),
  line2: z.optional(text(120)),
  locality: text(80),
  district: text(60),
  pin: digitText(PIN_PATTERN, 'pin.format'),
  area: choice(AREAS),
});

export const connection = z.strictObject({
  category: choice(CATEGORIES),
  loadKw,
  phase: choice(PHASES),
  meter: choice(METERS),
});

export const survey = z.strictObject({
  preferredDates: z
    .array(z.string(fail('date.format')).check(z.refine(isCalendarDate, 'date.format')), fail('dates.count'))
    .check(
      z.length(3, 'dates.count'),
      z.refine((dates) => new Set(dates).size === dates.length, 'date.distinct'),
    ),
});

export const newConnection = z.strictObject({
  applicant: person,
  premises,
  connection,
  survey,
  fee,
  consent,
});

export type NewConnection = z.output<typeof newConnection>;

/** Rules judged against the capture day, never the day the server sees the filing. */
export function newConnectionAtCapture(data: NewConnection, captureDay: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  data.survey.preferredDates.forEach((day, index) => {
    if (day <= captureDay) issues.push({ path: `survey.preferredDates.${index}`, code: 'date.future' });
  });
  return issues;
}

/** A PIN outside Uttar Pradesh's 20xxxx–28xxxx is allowed but worth a second look. */
export function pinOutsideRegion(typed: string): boolean {
  const pin = toLatinDigits(typed).trim();
  return PIN_PATTERN.test(pin) && !/^2[0-8]/.test(pin);
}
