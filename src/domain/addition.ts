import * as z from 'zod/mini';
import { documentRef, toIssues, type ZodIssueLike } from './envelope';
import { isUlid } from './ids';
import { fail, isoDateTime, text } from './requests/fields';
import type { ValidationIssue } from './validation-codes';

export const ADDITION_KINDS = ['objection_answer'] as const;
export const MAX_ADDITION_DOCUMENTS = 5;
export const ANSWER_TEXT_MAX = 1000;

/**
 * Something the applicant adds to a filing after it was captured — today, the answer to
 * an objection, with any new documents. Like a filing it has a client-made id, so the
 * kiosk can take it offline and send it as often as it needs; the server keeps it once.
 */
export const additionSchema = z.strictObject({
  id: z.string(fail('addition.id')).check(z.refine(isUlid, 'addition.id')),
  applicationId: z.string(fail('addition.application')).check(z.refine(isUlid, 'addition.application')),
  kind: z.enum(ADDITION_KINDS, fail('choice')),
  text: text(ANSWER_TEXT_MAX),
  documents: z.array(documentRef, fail('invalid')).check(z.maxLength(MAX_ADDITION_DOCUMENTS, 'document.too_many')),
  capturedAt: isoDateTime,
  deviceId: text(40),
  operatorId: text(64),
});

export type Addition = z.output<typeof additionSchema>;

export function validateAddition(input: unknown): { ok: true; addition: Addition } | { ok: false; issues: ValidationIssue[] } {
  const parsed = additionSchema.safeParse(input);
  return parsed.success ? { ok: true, addition: parsed.data } : { ok: false, issues: toIssues(parsed.error.issues as ZodIssueLike[]) };
}

/** The server's answer to an addition it took (its schema is in wire/). */
export type { AdditionAck } from './wire/device';
