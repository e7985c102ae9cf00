/**
 * The version of the privacy notice (DPDP Act 2023) the applicant is shown before
 * consenting. Changing the notice text in the i18n tables means a new version here.
 */
export const NOTICE_VERSION = '2026-01';
