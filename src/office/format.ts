/** An instant as officers read it: India Standard Time, whatever the computer's own zone. */
export function formatIst(iso: string): string {
  return new Date(iso).toLocaleString('en-IN', { timeZone: 'Asia/Kolkata' });
}
