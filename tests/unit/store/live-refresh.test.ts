// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, expect, it } from 'vitest';
import { SahejDatabase } from '../../../src/store/database';
import { refreshLiveQueries } from '../../../src/store/live-refresh';

let db: SahejDatabase | undefined;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

it('re-reads every live query of the page, whatever table it reads, when told the worker drained', async () => {
  db = new SahejDatabase(`sahej-live-refresh-${Math.random()}`);
  await db.open();
  const seen: number[] = [];
  const subscription = liveQuery(() => db!.filings.count()).subscribe({ next: (count) => seen.push(count) });
  await settle();
  expect(seen).toEqual([0]);
  refreshLiveQueries();
  await settle();
  expect(seen).toEqual([0, 0]);
  subscription.unsubscribe();
});
