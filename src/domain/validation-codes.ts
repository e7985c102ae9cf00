/**
 * Every reason a field can be refused. The app shows each in Hindi and English from the
 * i18n tables (which must have a message for every code, checked by type); the server
 * sends the code with an English message.
 */
export const VALIDATION_CODES = [
  'required',
  'invalid',
  'choice',
  'unknown_field',
  'text.too_long',
  'name.length',
  'relation.required',
  'mobile.format',
  'email.format',
  'id.format',
  'id.aadhaar_checksum',
  'id.last4',
  'pin.format',
  'load.number',
  'load.min',
  'load.same',
  'account.format',
  'date.format',
  'date.future',
  'date.distinct',
  'date.window',
  'dates.count',
  'fee.amount',
  'estimate.amount',
  'upi_ref.required',
  'upi_ref.format',
  'consent.required',
  'envelope.id',
  'envelope.datetime',
  'envelope.schema_version',
  'envelope.type',
  'document.sha256',
  'document.missing',
  'document.mime',
  'document.size',
  'document.too_many',
  'receipt.number',
  'receipt.signature',
  'addition.id',
  'addition.application',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Advisory findings: shown to the operator, never a reason to refuse a filing. */
export const WARNING_CODES = ['pin.outside_region'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ValidationIssue {
  /** Dotted path into the envelope, e.g. `data.applicant.mobile` or `data.survey.preferredDates.1`. */
  path: string;
  code: ValidationCode;
}

export function isValidationCode(value: string): value is ValidationCode {
  return (VALIDATION_CODES as readonly string[]).includes(value);
}
