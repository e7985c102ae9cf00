import type { Kysely } from 'kysely';
import { dayDigest } from '../../src/domain/reconcile';
import type { DB } from '../db/schema';
import { documentsHeldFor } from '../documents/document-uploads';

export const MAX_RECONCILE_ITEMS = 1000;
export const MAX_RECONCILE_DAYS = 400;

/**
 * Of these applications, those listing a document the server does not hold for their
 * office (bytes here but sent only by another office count as not held: see
 * documentsHeldFor). After a restore from a backup, a row from before the backup can be
 * back while the documents uploaded after it are not: the filing is not whole, and the
 * device must send them again.
 */
async function incompleteAmong(db: Kysely<DB>, ids: string[]): Promise<Set<string>> {
  const incomplete = new Set<string>();
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db
      .selectFrom('application_documents as listed')
      .innerJoin('applications as application', 'application.id', 'listed.application_id')
      .select(['listed.application_id', 'listed.sha256', 'application.office_code'])
      .where('listed.application_id', 'in', ids.slice(i, i + 200))
      .execute();
    const byOffice = new Map<string, typeof rows>();
    for (const row of rows) byOffice.set(row.office_code, [...(byOffice.get(row.office_code) ?? []), row]);
    for (const [office, listed] of byOffice) {
      const held = await documentsHeldFor(db, office, listed.map((row) => row.sha256));
      for (const row of listed) if (!held.has(row.sha256)) incomplete.add(row.application_id);
    }
  }
  return incomplete;
}

/**
 * First pass of reconciliation: for each capture day the device names, does the server
 * hold the same set of (id, hash) pairs from this device, each with all its documents?
 * Only the days that differ need their ids listed, so a device with 180 days of filings
 * sends a few KB, not every id.
 */
export async function differingDays(db: Kysely<DB>, deviceId: string, days: { day: string; count: number; digest: string }[]): Promise<string[]> {
  if (!days.length) return [];
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'content_hash', 'capture_day'])
    .where('device_id', '=', deviceId)
    .where('capture_day', 'in', days.map((day) => day.day))
    .execute();
  const incomplete = await incompleteAmong(db, rows.map((row) => row.id));
  const byDay = new Map<string, { id: string; hash: string }[]>();
  for (const row of rows) if (!incomplete.has(row.id)) byDay.set(row.capture_day!, [...(byDay.get(row.capture_day!) ?? []), { id: row.id, hash: row.content_hash }]);
  const differ: string[] = [];
  for (const day of days) {
    const held = byDay.get(day.day) ?? [];
    if (held.length !== day.count || (await dayDigest(held)) !== day.digest) differ.push(day.day);
  }
  return differ;
}

/**
 * Second pass: of these filings, which does the server lack, which does it hold with
 * other content, and which does it hold without all their documents? Only filings of the
 * asking device's office are looked at: another office's id is answered as unknown, so a
 * device learns nothing of what other offices hold.
 */
export async function compareFilings(db: Kysely<DB>, officeCode: string, items: { id: string; hash: string }[]): Promise<{ missing: string[]; differs: string[]; incomplete: string[] }> {
  const held = new Map<string, string>();
  for (let i = 0; i < items.length; i += 200) {
    const part = items.slice(i, i + 200).map((item) => item.id);
    for (const row of await db.selectFrom('applications').select(['id', 'content_hash']).where('id', 'in', part).where('office_code', '=', officeCode).execute()) held.set(row.id, row.content_hash);
  }
  const same = items.filter((item) => held.get(item.id) === item.hash).map((item) => item.id);
  const incomplete = await incompleteAmong(db, same);
  return {
    missing: items.filter((item) => !held.has(item.id)).map((item) => item.id),
    differs: items.filter((item) => held.has(item.id) && held.get(item.id) !== item.hash).map((item) => item.id),
    incomplete: same.filter((id) => incomplete.has(id)),
  };
}
