import type { Kysely } from 'kysely';
import { AGE_BUCKETS, type AgeBucket } from '../../src/domain/service-clock';
import { STATUSES, type Status } from '../../src/domain/status';
import type { BacklogStats } from '../../src/domain/wire';
import type { DB } from '../db/schema';
import { applyFilters } from './backlog';
import { unsentOnDevices } from './fleet';

const DAY_MS = 24 * 60 * 60 * 1000;

export type { BacklogStats };

/** The console's first page: counted in the database (one grouped query), whatever the backlog's size. */
export async function backlogStats(db: Kysely<DB>, office: string | undefined, now = new Date()): Promise<BacklogStats> {
  const edges = AGE_BUCKETS.map((bucket) => new Date(now.getTime() - bucket.min * DAY_MS).toISOString());
  const rows = await applyFilters(db.selectFrom('applications'), office ? { office } : {}, now)
    .select((eb) => [
      'status',
      eb.fn.countAll<number>().as('total'),
      // Bucket i holds ages min_i … min_{i+1}−1: received at or before edge i and after edge i+1.
      ...AGE_BUCKETS.map((bucket, index) => {
        const upper = edges[index]!;
        const lower = edges[index + 1];
        const inBucket = lower ? eb.and([eb('received_at', '<=', upper), eb('received_at', '>', lower)]) : eb('received_at', '<=', upper);
        return eb.fn.sum<number>(eb.case().when(inBucket).then(1).else(0).end()).as(`age_${index}`);
      }),
    ])
    .groupBy('status')
    .execute();
  const counted = new Map(rows.map((row) => [row.status, row as unknown as Record<string, number | string>]));
  const byStatus = STATUSES.filter((status) => status !== 'draft' && status !== 'captured').map((status) => {
    const row = counted.get(status);
    const byAge = Object.fromEntries(AGE_BUCKETS.map((bucket, index) => [bucket.id, Number(row?.[`age_${index}`] ?? 0)])) as Record<AgeBucket, number>;
    return { status, total: Number(row?.total ?? 0), byAge };
  });
  const open = { ...(office ? { office } : {}), status: STATUSES.filter((status) => !['connected', 'rejected', 'cancelled'].includes(status)) as Status[] };
  const [breached, unverified, onDevices] = await Promise.all([
    applyFilters(db.selectFrom('applications'), { ...open, breached: true }, now).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    applyFilters(db.selectFrom('applications'), { ...open, mobile: 'unverified' }, now).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    unsentOnDevices(db, office),
  ]);
  return { byStatus, breached: Number(breached.n), mobileUnverified: Number(unverified.n), total: byStatus.reduce((sum, entry) => sum + entry.total, 0), onDevices };
}
