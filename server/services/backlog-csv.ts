import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { DEFAULT_TIME_ZONE, zonedDateTime } from '../../src/domain/format-dates';
import { spreadsheetCell } from './csv-cell';
import { backlogRows, type BacklogFilters, type BacklogItem } from './backlog';

// Dates and times in the office's zone (India unless TIME_ZONE says otherwise), as spreadsheets read them.
const COLUMNS: { key: string; header: string; value: (item: BacklogItem, timeZone: string) => string | number }[] = [
  { key: 'application_no', header: 'application_no', value: (item) => item.applicationNo },
  { key: 'receipt_no', header: 'receipt_no', value: (item) => item.receiptNo ?? '' },
  { key: 'office', header: 'office', value: (item) => item.office },
  { key: 'type', header: 'type', value: (item) => item.type },
  { key: 'status', header: 'status', value: (item) => item.status },
  { key: 'received_at', header: 'received_at', value: (item, timeZone) => zonedDateTime(item.receivedAt, timeZone) },
  { key: 'age_days', header: 'age_days', value: (item) => item.ageDays },
  { key: 'applicant_name', header: 'applicant_name', value: (item) => item.applicantName },
  { key: 'mobile', header: 'mobile', value: (item) => item.mobile },
  { key: 'mobile_verified', header: 'mobile_verified', value: (item) => (item.mobileVerified ? 'yes' : 'no') },
  { key: 'area', header: 'area', value: (item) => item.area ?? '' },
  { key: 'due_at', header: 'due_at', value: (item, timeZone) => (item.dueAt ? zonedDateTime(item.dueAt, timeZone) : '') },
  { key: 'days_left', header: 'days_left', value: (item) => item.daysLeft ?? '' },
  { key: 'breached', header: 'breached', value: (item) => (item.breached ? 'yes' : 'no') },
];

/**
 * The filtered backlog as CSV: UTF-8 with a byte-order mark, so Excel shows Devanagari
 * names as they are. Rows are read a page at a time and written as the client takes them
 * (the stream's back-pressure pauses the database reads), so memory does not grow with the list.
 */
export function backlogCsv(db: Kysely<DB>, filters: BacklogFilters, now = new Date(), { pageSize = 500, timeZone = DEFAULT_TIME_ZONE } = {}): Readable {
  const source = Readable.from(
    (async function* () {
      for await (const item of backlogRows(db, filters, now, pageSize)) yield Object.fromEntries(COLUMNS.map((column) => [column.key, spreadsheetCell(column.value(item, timeZone))]));
    })(),
  );
  const csv = stringify({ header: true, bom: true, columns: COLUMNS.map(({ key, header }) => ({ key, header })) });
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}
