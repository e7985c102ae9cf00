/** A spreadsheet runs a cell that starts with = + - @ as a formula; such text gets a leading apostrophe. */
export function spreadsheetCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
