import type { Envelope } from '../domain/envelope';
import { personOf } from '../domain/person';

/** Lower-case words of a name, for prefix search in any script. */
export function nameWords(name: string): string[] {
  return [...new Set(name.normalize('NFC').toLocaleLowerCase('en-IN').split(/[\s.,]+/).filter(Boolean))];
}

export function searchKeys(envelope: Envelope): { name: string; nameWords: string[]; mobile: string } {
  const { name, mobile } = personOf(envelope);
  return { name, nameWords: nameWords(name), mobile };
}
