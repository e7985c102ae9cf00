import type { Envelope } from './envelope';
import type { IdProofType } from './identity/id-proof';

export interface Fee {
  amount: number;
  mode: 'cash' | 'upi';
  upiRef?: string;
}

export interface IdProof {
  type: IdProofType;
  last4: string;
}

interface Person {
  name: string;
  mobile: string;
  idProof?: IdProof;
  smsLanguage?: 'hi' | 'en';
}

/**
 * The parts of a filing's data that several request types share, read the same way
 * whatever the type. The one place that looks at `data` without its type: a filing
 * stored by an older version may lack what today's schemas require (a fee, an ID proof).
 */
type SharedData = { applicant?: Person; newOwner?: Person; fee?: Fee; account?: { accountNo: string } };

function sharedData(envelope: Pick<Envelope, 'data'>): SharedData {
  return envelope.data as SharedData;
}

/** The person a filing is for — the applicant, or for a name change the new owner — whatever the request type. */
export function personOf(envelope: Pick<Envelope, 'data'>): { name: string; mobile: string } {
  const data = sharedData(envelope);
  const person = data.newOwner ?? data.applicant;
  return { name: person?.name ?? '', mobile: person?.mobile ?? '' };
}

/** The language the applicant chose at capture for status SMS: English only if chosen, else Hindi (older filings have no choice). */
export function smsLanguageOf(envelope: Pick<Envelope, 'data'>): 'hi' | 'en' {
  const data = sharedData(envelope);
  return (data.newOwner ?? data.applicant)?.smsLanguage === 'en' ? 'en' : 'hi';
}

/** The fee taken at the counter (every request type has one; a filing stored before fees may not). */
export function feeOf(envelope: Pick<Envelope, 'data'>): Fee | undefined {
  return sharedData(envelope).fee;
}

/** The ID proof of the person the filing is for (requests on an existing account have none). */
export function idProofOf(envelope: Pick<Envelope, 'data'>): IdProof | undefined {
  const data = sharedData(envelope);
  return data.newOwner?.idProof ?? data.applicant?.idProof;
}

/** The consumer account a request names, if it is on an existing connection. */
export function accountOf(envelope: Pick<Envelope, 'data'>): { accountNo: string } | undefined {
  return sharedData(envelope).account;
}

/** A name as the office searches it: NFC, lower case, single spaces (matches any script's substring). */
export function searchableName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('en-IN').replace(/\s+/g, ' ').trim();
}

/** Initials only (first letter of each word, as whole characters of any script): what may be shown of a name in public or on a shared phone. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${graphemes().segment(word)[Symbol.iterator]().next().value?.segment ?? ''}.`)
    .join(' ');
}

// Made once: building a Segmenter costs far more than using it (the status SMS producer
// spent 5 % of the server's thread making one per message, 2026-12-03).
let segmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter('hi', { granularity: 'grapheme' }));
}
