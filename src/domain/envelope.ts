import * as z from 'zod/mini';
import { indiaDay } from './dates';
import { isUlid } from './ids';
import { parseReceiptNo } from './receipt-number';
import { fail, isoDateTime, text } from './requests/fields';
import { DOCUMENT_KINDS, REQUESTS, type RequestType } from './requests';
import { loadChange } from './requests/load-change';
import { nameChange } from './requests/name-change';
import { newConnection } from './requests/new-connection';
import { prepaidToPostpaid } from './requests/prepaid-to-postpaid';
import { isValidationCode, type ValidationCode, type ValidationIssue } from './validation-codes';

export const SCHEMA_VERSION = 1;

/** Photos are re-encoded as JPEG on the device; other documents arrive as PDF. */
export const DOCUMENT_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENTS = 20;

export const documentRef = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS, fail('choice')),
  sha256: z.string(fail('document.sha256')).check(z.regex(/^[0-9a-f]{64}$/, 'document.sha256')),
  mime: z.enum(DOCUMENT_MIME_TYPES, fail('document.mime')),
  size: z.number(fail('document.size')).check(z.int('document.size'), z.minimum(1, 'document.size'), z.maximum(MAX_DOCUMENT_BYTES, 'document.size')),
});

export type DocumentRef = z.output<typeof documentRef>;

/** The provisional receipt the device issued at capture (absent for outside systems). */
export const deviceReceipt = z.strictObject({
  receiptNo: z.string(fail('receipt.number')).check(z.refine((value) => parseReceiptNo(value) !== null, 'receipt.number')),
  issuedAt: isoDateTime,
  /** The device's ECDSA P-256 signature of its receipt statement (src/domain/receipt/statements.ts), base64url. */
  signature: z.optional(z.string(fail('receipt.signature')).check(z.regex(/^[A-Za-z0-9_-]{86}$/, 'receipt.signature'))),
});

function envelopeOf<const T extends RequestType, D extends z.ZodMiniType>(type: T, data: D) {
  return z.strictObject({
    id: z.string(fail('envelope.id')).check(z.refine(isUlid, 'envelope.id')),
    schemaVersion: z.literal(SCHEMA_VERSION, fail('envelope.schema_version')),
    type: z.literal(type, fail('envelope.type')),
    data,
    documents: z.array(documentRef, fail('invalid')).check(z.maxLength(MAX_DOCUMENTS, 'document.too_many')),
    receipt: z.optional(deviceReceipt),
    capturedAt: isoDateTime,
    deviceId: text(40),
    operatorId: text(64),
  });
}

export const envelopeSchema = z.discriminatedUnion(
  'type',
  [
    envelopeOf('new_connection', newConnection),
    envelopeOf('prepaid_to_postpaid', prepaidToPostpaid),
    envelopeOf('load_change', loadChange),
    envelopeOf('name_change', nameChange),
  ],
  fail('envelope.type'),
);

export type Envelope = z.output<typeof envelopeSchema>;
export type EnvelopeInput = z.input<typeof envelopeSchema>;

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; issues: ValidationIssue[] };

export interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** Zod's issues as our validation codes, by wire path. */
export function toIssues(zodIssues: readonly ZodIssueLike[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of zodIssues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys ?? []) issues.push({ path: path ? `${path}.${key}` : key, code: 'unknown_field' });
      continue;
    }
    const code: ValidationCode = isValidationCode(issue.message) ? issue.message : 'invalid';
    // An object-level check can repeat what a field check already said.
    if (!issues.some((known) => known.path === path && known.code === code)) issues.push({ path, code });
  }
  return issues;
}

/**
 * Parses an envelope from the wire or the form and applies the rules that depend on
 * the moment of capture. The result is normalised (mobile stripped of +91, load
 * rounded up, text trimmed and NFC), and it is this form that is stored and hashed.
 */
export function validateEnvelope(input: unknown): EnvelopeResult {
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error.issues as ZodIssueLike[]) };
  const envelope = parsed.data;
  const issues = [
    ...captureDayIssues(envelope.type, envelope.data, envelope.capturedAt).map((issue) => ({ ...issue, path: `data.${issue.path}` })),
    ...missingDocumentIssues(envelope.type, envelope.documents),
  ];
  return issues.length ? { ok: false, issues } : { ok: true, envelope };
}

function captureDayIssues(type: RequestType, data: unknown, capturedAt: string): ValidationIssue[] {
  // The data was parsed by this type's own schema, so it has this type's shape.
  return REQUESTS[type].atCapture(data as never, indiaDay(capturedAt));
}

/** One issue, at `documents.{kind}`, for each required kind with no document. */
export function missingDocumentIssues(type: RequestType, documents: readonly { kind: string }[]): ValidationIssue[] {
  return REQUESTS[type].requiredDocuments
    .filter((kind) => !documents.some((document) => document.kind === kind))
    .map((kind) => ({ path: `documents.${kind}`, code: 'document.missing' as const }));
}

/**
 * Validates what a form holds: the request's data with the capture-day rules, and its
 * documents. Issue paths are relative to `data` (documents as `documents.{kind}`).
 */
export function validateRequestData(
  type: RequestType,
  data: unknown,
  capturedAt: string,
  documents: readonly { kind: string }[] = [],
): { ok: true; data: Envelope['data'] } | { ok: false; issues: ValidationIssue[] } {
  const parsed = REQUESTS[type].schema.safeParse(data);
  const issues = parsed.success ? captureDayIssues(type, parsed.data, capturedAt) : toIssues(parsed.error.issues as ZodIssueLike[]);
  issues.push(...missingDocumentIssues(type, documents));
  return issues.length || !parsed.success ? { ok: false, issues } : { ok: true, data: parsed.data as Envelope['data'] };
}
