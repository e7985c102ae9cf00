/**
 * The one formatter of dates, times, numbers and money, for every screen, receipt, PDF,
 * share picture and CSV; a unit test fails on any other `toLocale*String` in src/ or
 * server/. Dates and times are read in one time zone (India Standard Time unless the
 * server's TIME_ZONE says otherwise), never the computer's own. Output is put together
 * from Intl's parts, so it reads the same in Node and in every browser: "2 Dec 2026,
 * 3:04 am" and "2 दिसंबर 2026, 3:04 am". Digits stay Latin in Hindi too, as Indian
 * government forms and receipts print them.
 */

/** The languages of the UI (src/i18n/lang.ts; the domain imports nothing outside itself). */
type Lang = 'hi' | 'en';

export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

const LOCALES: Record<Lang, string> = { hi: 'hi-IN', en: 'en-IN' };
// "दिस॰" is an abbreviation few applicants read at a glance; English months read well short.
const MONTHS: Record<Lang, 'long' | 'short'> = { hi: 'long', en: 'short' };
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const cache = new Map<string, Intl.DateTimeFormat>();
function partsOf(instant: Date, lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) cache.set(key, (formatter = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone, numberingSystem: 'latn' })));
  return Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** A calendar day (YYYY-MM-DD) is that day wherever one is; an instant is read in `timeZone`. */
function asInstant(value: string | number | Date, timeZone: string): [Date, string] {
  return typeof value === 'string' && DAY_ONLY.test(value) ? [new Date(`${value}T12:00:00Z`), 'UTC'] : [new Date(value), timeZone];
}

/** "2 Dec 2026" / "2 दिसंबर 2026": a calendar day as it is, an instant by its day in `timeZone`. */
export function formatDate(value: string | number | Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  const [instant, zone] = asInstant(value, timeZone);
  const { day, month, year } = partsOf(instant, lang, zone, { day: 'numeric', month: MONTHS[lang], year: 'numeric' });
  return `${day} ${month} ${year}`;
}

/** "3:04 am", in `timeZone`. */
export function formatTime(value: string | number | Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  const { hour, minute, dayPeriod } = partsOf(new Date(value), lang, timeZone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
  return `${hour}:${minute} ${dayPeriod?.toLowerCase() ?? ''}`.trim();
}

/** "2 Dec 2026, 3:04 am", in `timeZone`. */
export function formatDateTime(value: string | number | Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  return `${formatDate(new Date(value), lang, timeZone)}, ${formatTime(value, lang, timeZone)}`;
}

const numbers = new Map<Lang, Intl.NumberFormat>();
/** Indian grouping (12,34,567) in Latin digits. */
export function formatNumber(n: number, lang: Lang): string {
  let formatter = numbers.get(lang);
  if (!formatter) numbers.set(lang, (formatter = new Intl.NumberFormat(LOCALES[lang], { numberingSystem: 'latn', maximumFractionDigits: 2 })));
  return formatter.format(n);
}

/** Rupees: "₹1,50,000". */
export function formatMoney(n: number, lang: Lang): string {
  return `₹${formatNumber(n, lang)}`;
}

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone`: file names and CSV cells. */
export function zonedDay(value: string | number | Date, timeZone = DEFAULT_TIME_ZONE): string {
  return zonedDateTime(value, timeZone).slice(0, 10);
}

/** "2026-12-02 03:04:50" in `timeZone`: the form spreadsheets read as a date and time. */
export function zonedDateTime(value: string | number | Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = partsOf(new Date(value), 'en', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** True for a zone name Intl knows (`Asia/Kolkata`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
