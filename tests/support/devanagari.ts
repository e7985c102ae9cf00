/** The same text as a Hindi keyboard types it: ९८७६५४३२१० for 9876543210. */
export function devanagariDigits(latin: string): string {
  return latin.replace(/\d/g, (digit) => String.fromCodePoint(0x0966 + Number(digit)));
}
