import { describe, expect, it } from 'vitest';
import { devanagariToLatin, phoneticKey } from '../../../src/domain/phonetic-key';
import { DIFFERENT_NAMES, HINDI_NAMES, PHONETIC_MISSES, SHARED_KEYS } from './hindi-names';

describe('the phonetic key of a name', () => {
  it('is the same for Devanagari and Latin spellings: "sunita" and सुनीता, "shyam", "syam" and श्याम, "ram", "rama" and राम', () => {
    expect(new Set(['सुनीता', 'Sunita', 'SUNEETA', 'sunitha'].map(phoneticKey))).toEqual(new Set([phoneticKey('सुनीता')]));
    expect(new Set(['श्याम', 'shyam', 'syam', 'Shyaam'].map(phoneticKey))).toEqual(new Set([phoneticKey('श्याम')]));
    expect(new Set(['राम', 'ram', 'rama', 'raam'].map(phoneticKey))).toEqual(new Set([phoneticKey('राम')]));
  });

  it('folds the usual Latin variants: sh/s, aa/a, v/w, ee/i, oo/u, ph/f, z/j, doubled letters', () => {
    const same = (a: string, b: string) => expect([a, phoneticKey(a)]).toEqual([a, phoneticKey(b)]);
    same('Shanti', 'Santi');
    same('Aakash', 'Akash');
    same('Bhawna', 'Bhavna');
    same('Deepak', 'Dipak');
    same('Pooja', 'Puja');
    same('Farooq', 'Pharuk');
    same('Zakir', 'Jakir');
    same('Siddharth', 'Sidharth');
    same('Gaurav', 'Gourav');
  });

  it('folds the Devanagari variants: long and short matras, nukta, anusvara, chandrabindu and half n or m, ऋ and रि', () => {
    const same = (a: string, b: string) => expect([a, phoneticKey(a)]).toEqual([a, phoneticKey(b)]);
    same('सुनिता', 'सुनीता');
    same('शंभु', 'शम्भू');
    same('ज़ाकिर', 'जाकिर');
    same('\u095b\u093e\u0915\u093f\u0930', 'ज़ाकिर'); // precomposed ज़ (U+095B)
    same('चाँदनी', 'चांदनी');
    same('संजय', 'सञ्जय');
    same('गोविंद', 'गोविन्द');
    same('कृष्ण', 'क्रिष्ण');
  });

  it('leaves out the a Hindi does not say, at the end and inside (कमला, Kamala, Kamla; जगदीश, Jagadish, Jagdish)', () => {
    expect(new Set(['कमला', 'Kamala', 'Kamla'].map(phoneticKey)).size).toBe(1);
    expect(new Set(['जगदीश', 'Jagadish', 'Jagdish'].map(phoneticKey)).size).toBe(1);
    expect(new Set(['श्रीवास्तव', 'Srivastava', 'Shrivastav'].map(phoneticKey)).size).toBe(1);
    // ...but keeps the a after a conjunct at the end, which Hindi says: आदित्य is not अदिति.
    expect(devanagariToLatin('आदित्य')).toBe('aaditya');
    expect(devanagariToLatin('राम')).toBe('raam');
  });

  it('keys each word of a full name, in order, with single spaces; no letters, no key', () => {
    expect(phoneticKey('सुनीता  देवी')).toBe(phoneticKey('Sunita Devi'));
    expect(phoneticKey('Sunita Devi').split(' ')).toEqual([phoneticKey('Sunita'), phoneticKey('Devi')]);
    expect(phoneticKey('राम-कुमार')).toBe(phoneticKey('Ram Kumar'));
    expect(phoneticKey('9876543210')).toBe('');
    expect(phoneticKey('LKO1/2026/000123')).toBe(phoneticKey('lko'));
    expect(phoneticKey('')).toBe('');
    expect(phoneticKey('१२३ ।')).toBe('');
    expect(phoneticKey('José')).toBe(phoneticKey('Jose'));
  });

  it('is plain lower-case Latin letters and spaces, whatever it is given', () => {
    for (const name of ['सुनीता देवी', 'Ñandú  Ωmega', 'क़ुरैशी ॐ', 'x'.repeat(50), 'श्री  राम\tचंद्र']) expect(phoneticKey(name)).toMatch(/^([a-z]+( [a-z]+)*)?$/);
  });
});

describe('200 common Hindi names, in Devanagari and in Latin', () => {
  const spellings = HINDI_NAMES.flatMap(({ hi, latin }) => [...hi.slice(1), ...latin].map((spelling) => ({ name: hi[0]!, spelling })));

  it('holds at least 200 names and their spellings', () => {
    expect(HINDI_NAMES.length).toBeGreaterThanOrEqual(200);
    expect(spellings.length).toBeGreaterThan(400);
  });

  it('brings every spelling to its name’s key, except the misses listed (with why)', () => {
    const missed = spellings.filter(({ name, spelling }) => phoneticKey(spelling) !== phoneticKey(name)).map(({ spelling }) => spelling);
    expect(missed.sort()).toEqual(Object.keys(PHONETIC_MISSES).sort());
    const hitRate = (spellings.length - missed.length) / spellings.length;
    console.info(`phonetic key: ${spellings.length - missed.length} of ${spellings.length} spellings of ${HINDI_NAMES.length} names hit (${(hitRate * 100).toFixed(1)}%)`);
    expect(hitRate).toBeGreaterThan(0.95);
  });

  it('keeps clearly different names apart', () => {
    for (const [a, b] of DIFFERENT_NAMES) expect([a, b, phoneticKey(a)]).not.toEqual([a, b, phoneticKey(b)]);
  });

  it('gives the names of the fixture different keys, but for the few that differ only in an unsaid a', () => {
    const byKey = new Map<string, string[]>();
    for (const { hi } of HINDI_NAMES) byKey.set(phoneticKey(hi[0]!), [...(byKey.get(phoneticKey(hi[0]!)) ?? []), hi[0]!]);
    expect([...byKey.values()].filter((names) => names.length > 1)).toEqual(SHARED_KEYS);
  });
});
