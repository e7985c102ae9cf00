import type { Envelope } from './envelope';

/** The person a filing is for — the applicant, or for a name change the new owner — whatever the request type. */
export function personOf(envelope: Envelope): { name: string; mobile: string } {
  const data = envelope.data as { applicant?: { name: string; mobile: string }; newOwner?: { name: string; mobile: string } };
  const person = data.newOwner ?? data.applicant;
  return { name: person?.name ?? '', mobile: person?.mobile ?? '' };
}

/** A name as the office searches it: NFC, lower case, single spaces (matches any script's substring). */
export function searchableName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('en-IN').replace(/\s+/g, ' ').trim();
}
