import type { FormValues } from './types';

const RENAMED: Record<string, string> = {
  'applicant.idType': 'applicant.idProof.type',
  'applicant.idLast4': 'applicant.idProof.last4',
  'survey.dates.0': 'survey.preferredDates.0',
  'survey.dates.1': 'survey.preferredDates.1',
  'survey.dates.2': 'survey.preferredDates.2',
};

/**
 * Version 1 of the app kept a draft's values nested ({ applicant: { idType } }); later
 * versions keep them flat by wire path. A kiosk updated mid-form keeps its draft.
 */
export function flattenLegacyDraftValues(values: unknown, prefix = '', into: FormValues = {}): FormValues {
  if (!values || typeof values !== 'object') return into;
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || typeof value === 'boolean') into[RENAMED[path] ?? path] = value;
    else flattenLegacyDraftValues(value, path, into);
  }
  return into;
}
