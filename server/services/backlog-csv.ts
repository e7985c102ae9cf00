import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { DEFAULT_TIME_ZONE, zonedDateTime } from '../../src/domain/format-dates';
import type { Lang } from '../../src/i18n/lang';
import { codeLabel, csv, type CsvKey } from '../../src/i18n/server/csv';
import { spreadsheetCell } from './csv-cell';
import { backlogRows, type BacklogFilters, type BacklogItem } from './backlog';

/** Who reads the file: people, in Hindi or English, or machines (`codes`: the raw codes under snake_case headers). */
export type BacklogCsvForm = Lang | 'codes';

type ColumnCode = CsvKey extends infer Key ? (Key extends `backlog.${infer Code}` ? Code : never) : never;

interface Column {
  /** The header in the machines' form, fixed for scripts that read it; it also names the people's header. */
  code: ColumnCode;
  value: (item: BacklogItem, timeZone: string) => string | number;
  /** How people read a cell that holds a code or a flag; other cells are the same in both forms. */
  label?: (item: BacklogItem, lang: Lang) => string;
  /** Only in the people's form: the machines' header is fixed (scripts read it), so a column added later is theirs alone. */
  peopleOnly?: true;
}

const yesNo = (flag: boolean, lang: Lang) => csv.text(lang, flag ? 'value.yes' : 'value.no');

// Dates and times in the office's zone (India unless TIME_ZONE says otherwise), as spreadsheets read them.
const COLUMNS: Column[] = [
  { code: 'application_no', value: (item) => item.applicationNo },
  { code: 'receipt_no', value: (item) => item.receiptNo ?? '' },
  { code: 'office', value: (item) => item.office },
  { code: 'type', value: (item) => item.type, label: (item, lang) => codeLabel(lang, 'type', item.type) },
  { code: 'status', value: (item) => item.status, label: (item, lang) => codeLabel(lang, 'serverStatus', item.status) },
  { code: 'received_at', value: (item, timeZone) => zonedDateTime(item.receivedAt, timeZone) },
  { code: 'age_days', value: (item) => item.ageDays },
  { code: 'applicant_name', value: (item) => item.applicantName },
  { code: 'mobile', value: (item) => item.mobile },
  { code: 'mobile_verified', value: (item) => (item.mobileVerified ? 'yes' : 'no'), label: (item, lang) => yesNo(item.mobileVerified, lang) },
  { code: 'area', value: (item) => item.area ?? '', label: (item, lang) => (item.area ? codeLabel(lang, 'area', item.area) : '') },
  // The service clock's deadline; a request type without one leaves it empty.
  { code: 'due_at', value: (item, timeZone) => (item.dueAt ? zonedDateTime(item.dueAt, timeZone) : '') },
  { code: 'days_left', value: (item) => item.daysLeft ?? '' },
  { code: 'breached', value: (item) => (item.breached ? 'yes' : 'no'), label: (item, lang) => yesNo(item.breached, lang) },
  // The survey's day as the office fixed it: already an India calendar day (src/domain/transition.ts), empty until one is.
  { code: 'survey_date', value: (item) => item.surveyDate ?? '', peopleOnly: true },
];

function columnsOf(form: BacklogCsvForm): Column[] {
  return form === 'codes' ? COLUMNS.filter((column) => !column.peopleOnly) : COLUMNS;
}

function header(column: Column, form: BacklogCsvForm): string {
  return form === 'codes' ? column.code : csv.text(form, `backlog.${column.code}`);
}

function cell(column: Column, item: BacklogItem, form: BacklogCsvForm, timeZone: string): string | number {
  return form !== 'codes' && column.label ? column.label(item, form) : column.value(item, timeZone);
}

/**
 * The filtered backlog as CSV: UTF-8 with a byte-order mark, so Excel shows Devanagari
 * names as they are. Rows are read a page at a time and written as the client takes them
 * (the stream's back-pressure pauses the database reads), so memory does not grow with the list.
 */
export function backlogCsv(
  db: Kysely<DB>,
  filters: BacklogFilters,
  now = new Date(),
  { pageSize = 500, timeZone = DEFAULT_TIME_ZONE, form = 'hi' as BacklogCsvForm } = {},
): Readable {
  const columns = columnsOf(form);
  const source = Readable.from(
    (async function* () {
      for await (const item of backlogRows(db, filters, now, pageSize)) yield Object.fromEntries(columns.map((column) => [column.code, spreadsheetCell(cell(column, item, form, timeZone))]));
    })(),
  );
  const out = stringify({ header: true, bom: true, columns: columns.map((column) => ({ key: column.code, header: header(column, form) })) });
  source.on('error', (error) => out.destroy(error));
  return source.pipe(out);
}
