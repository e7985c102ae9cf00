import type { Kysely, SelectQueryBuilder } from 'kysely';

/**
 * The paging loop of the data migrations, kept once. Frozen in behaviour like the
 * migrations that call it: changing what it selects or in what order changes what an old
 * migration does to a database that has not run it yet, so it must never change.
 *
 * Reads `table` a page of `pageSize` rows at a time in `key` order (keyset paging:
 * `key > last key seen`, so a page is never read twice however `fn` changes the rows) and
 * hands each page to `fn`, until a page comes back empty. The first page starts after
 * `after` (by default `''`, as the loops it replaces did; `null` starts at the very first
 * row). `where` narrows every page's query. It runs on whatever `db` it is given — a
 * transaction when a backup restore re-runs every migration in one — and never opens one.
 */
export async function forEachPage<Row extends Record<string, unknown>>(
  db: Kysely<any>,
  query: {
    table: string;
    key: string;
    columns: readonly string[];
    pageSize: number;
    where?: (select: SelectQueryBuilder<any, any, any>) => SelectQueryBuilder<any, any, any>;
    after?: string | null;
  },
  fn: (rows: Row[]) => Promise<void>,
): Promise<void> {
  const { table, key, columns, pageSize, where = (select) => select } = query;
  const select = columns.includes(key) ? columns : [key, ...columns];
  let after = query.after === undefined ? '' : query.after;
  for (;;) {
    let page = where(db.selectFrom(table).select(select as string[]));
    if (after !== null) page = page.where(key, '>', after);
    const rows = (await page.orderBy(key).limit(pageSize).execute()) as Row[];
    if (!rows.length) return;
    await fn(rows);
    after = rows.at(-1)![key] as string;
  }
}
