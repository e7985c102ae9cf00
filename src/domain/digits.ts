// Kiosks in India take input from keyboards and phones set to Hindi (or another Indian
// language), which type that script's digits: ९८७६५४३२१० is a mobile number as much as
// 9876543210. Every numeric field reads digits through here, so the stored, hashed and
// sent envelope only ever holds 0-9.

/** The zero of each script whose ten digits follow it in Unicode. */
const ZEROS = [
  0x0966, // Devanagari (Hindi, Marathi, Nepali …)
  0x09e6, // Bengali and Assamese
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0b66, // Odia
  0x0be6, // Tamil
  0x0c66, // Telugu
  0x0ce6, // Kannada
  0x0d66, // Malayalam
  0x1c50, // Ol Chiki (Santali)
  0xabf0, // Meetei Mayek (Manipuri)
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Urdu)
  0xff10, // Full-width (East Asian input methods)
];

const range = (zero: number) => `${String.fromCodePoint(zero)}-${String.fromCodePoint(zero + 9)}`;
const OTHER_DIGIT = new RegExp(`[${ZEROS.map(range).join('')}]`, 'g');

/** The text with every digit of the scripts above written as 0-9; anything else is left as it is. */
export function toLatinDigits(text: string): string {
  return text.replace(OTHER_DIGIT, (digit) => {
    const code = digit.codePointAt(0)!;
    const zero = ZEROS.find((candidate) => code >= candidate && code <= candidate + 9)!;
    return String(code - zero);
  });
}

/** A number as typed at a counter, in any of those scripts and with a decimal comma or point; NaN if it is none. */
export function parseTypedNumber(text: string): number {
  const compact = toLatinDigits(text).trim().replace(',', '.');
  return compact === '' ? Number.NaN : Number(compact);
}
