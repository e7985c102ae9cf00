/**
 * The stages an applicant is told of by SMS (issue 16): each has its own DLT template, in
 * Hindi and in English. Names are a contract like error codes: the outbox, the
 * configuration (SMS_DLT_STATUS_<KIND>_<HI|EN>) and the text tables use them.
 */
export const STATUS_MESSAGE_KINDS = ['received', 'objection', 'objection_answered', 'survey_scheduled', 'estimate_issued', 'connected', 'rejected', 'cancelled'] as const;

export type StatusMessageKind = (typeof STATUS_MESSAGE_KINDS)[number];

export type SmsLang = 'hi' | 'en';

/** The DLT template id registered for each stage's text in each language. */
export type StatusTemplateIds = Record<StatusMessageKind, Record<SmsLang, string>>;

/** The environment variable that names a stage's template in a language: `SMS_DLT_STATUS_SURVEY_SCHEDULED_HI`. */
export function templateVariable(kind: StatusMessageKind, lang: SmsLang): string {
  return `SMS_DLT_STATUS_${kind.toUpperCase()}_${lang.toUpperCase()}`;
}
