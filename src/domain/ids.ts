import { isValid, monotonicFactory } from 'ulid';

// Monotonic so that ids made in the same millisecond still sort in capture order.
const nextUlid = monotonicFactory();

/** A new client-made id: a ULID (26 Crockford base-32 characters, time-ordered). */
export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

export function isUlid(value: string): boolean {
  return value.length === 26 && isValid(value);
}
