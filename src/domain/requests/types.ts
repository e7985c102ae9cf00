// The request types and document kinds as plain values, with no schema attached: the
// router and the request chooser need only these, and importing them from here keeps
// zod and the four schemas out of the app's first load.

export const DOCUMENT_KINDS = ['photo', 'id_proof', 'ownership_proof', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const REQUEST_TYPES = ['new_connection', 'prepaid_to_postpaid', 'load_change', 'name_change'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}
