import { toLatinDigits } from '../domain/digits';
import { normalizeMobile } from '../domain/identity/mobile';
import type { SahejDatabase } from './database';
import { nameWords } from './search-keys';
import type { Filing } from './types';

export const PAGE_SIZE = 50;

/** The newest filings, one screenful at a time. */
export function recentFilings(db: SahejDatabase, limit = PAGE_SIZE): Promise<Filing[]> {
  return db.filings.orderBy('capturedAt').reverse().limit(limit).toArray();
}

/**
 * Finds filings by receipt number, mobile or name through indexes, so the answer does
 * not slow down as a device accumulates months of filings.
 */
export async function searchFilings(db: SahejDatabase, query: string, limit = PAGE_SIZE): Promise<Filing[]> {
  const trimmed = query.trim();
  if (!trimmed) return recentFilings(db, limit);
  // Receipt numbers and mobiles may be typed in Devanagari digits; names are matched as typed.
  const latin = toLatinDigits(trimmed);
  const upper = latin.toUpperCase();
  if (/^[A-Z0-9]+-D\d/.test(upper)) return db.filings.where('receiptNo').startsWith(upper).limit(limit).toArray();
  const digits = latin.replace(/[\s\-+()]/g, '');
  if (/^\d{3,}$/.test(digits)) {
    const mobile = digits.length > 10 ? normalizeMobile(digits) : digits;
    const byMobile = await db.filings.where('mobile').startsWith(mobile).limit(limit).toArray();
    // A receipt's sequence typed alone ("000042" or "42") also finds it.
    const bySequence = byMobile.length ? [] : await db.filings.filter((filing) => filing.receiptNo.endsWith(digits.padStart(6, '0'))).limit(limit).toArray();
    return [...byMobile, ...bySequence];
  }
  const [first, ...rest] = nameWords(trimmed);
  if (!first) return [];
  const candidates = await db.filings.where('nameWords').startsWith(first).distinct().limit(limit * 4).toArray();
  return candidates.filter((filing) => rest.every((word) => filing.nameWords.some((candidate) => candidate.startsWith(word)))).slice(0, limit);
}
