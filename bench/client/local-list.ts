import { openAppSession } from '../lib/app-session';
import { judged, median, round, type BenchRecord } from '../lib/records';

const FILINGS = 10_000;
const RUNS = 5;
const QUERIES = ['sita', 'रमेश', '98765', 'LKO1-D01-0050', 'kumar s'];

/** Puts `count` realistic filings straight into the app's IndexedDB, in batches. */
export async function seedFilings(page: import('playwright-core').Page, count: number): Promise<void> {
  await page.evaluate(async (total) => {
    const first = ['सीता', 'रमेश', 'Sita', 'Ramesh', 'गीता', 'Kumar', 'मोहन', 'Anita', 'राधा', 'Suresh', 'कमला', 'Vijay'];
    const last = ['देवी', 'कुमार', 'Devi', 'Kumar', 'सिंह', 'Singh', 'यादव', 'Yadav', 'वर्मा', 'Sharma'];
    const request = indexedDB.open('sahej');
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const start = Date.parse('2026-06-01T04:00:00Z');
    for (let offset = 0; offset < total; offset += 1000) {
      const transaction = db.transaction('filings', 'readwrite');
      const store = transaction.objectStore('filings');
      for (let i = offset; i < Math.min(total, offset + 1000); i++) {
        const name = `${first[i % first.length]} ${last[(i * 7) % last.length]}`;
        const mobile = `9${String(876500000 + i * 37).padStart(9, '0')}`.slice(0, 10);
        const capturedAt = new Date(start + i * 60_000).toISOString();
        const id = `01JBENCH${String(i).padStart(18, '0')}`;
        const receiptNo = `LKO1-D01-${String(i + 1).padStart(6, '0')}`;
        store.put({
          id,
          type: 'new_connection',
          hash: 'f'.repeat(64),
          receiptNo,
          capturedAt,
          name,
          nameWords: name.toLocaleLowerCase('en-IN').split(' '),
          mobile,
          state: i % 10 ? 'received' : 'pending',
          applicationNo: i % 10 ? `LKO1-${String(i + 1).padStart(6, '0')}` : undefined,
          envelope: {
            id,
            type: 'new_connection',
            schemaVersion: 1,
            capturedAt,
            deviceId: 'LKO1-D01',
            operatorId: 'op-1',
            documents: [],
            receipt: { receiptNo, issuedAt: capturedAt },
            data: { applicant: { name, mobile, idProof: { type: 'aadhaar', last4: '1234' } }, fee: { amount: 100, mode: 'cash' } },
          },
        });
      }
      await new Promise((resolve) => (transaction.oncomplete = resolve));
    }
    db.close();
  }, count);
}

/**
 * With 10,000 filings on the device: how long the home screen takes to show its first
 * screenful (from navigation start, so JavaScript start-up is included), and how long a
 * search takes from the keystroke to the matching list.
 */
export async function benchLocalList(): Promise<BenchRecord[]> {
  const session = await openAppSession();
  try {
    const { page, context } = session;
    await seedFilings(page, FILINGS);
    await context.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll('[data-testid="filings"] li').length >= 50 && !('listShownAt' in window)) {
          Object.assign(window, { listShownAt: performance.now() });
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const firstScreen: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(session.server.url);
      await page.waitForFunction(() => 'listShownAt' in window);
      firstScreen.push(await page.evaluate(() => (window as unknown as { listShownAt: number }).listShownAt));
    }
    const searches: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const query of QUERIES) {
        const elapsed = await page.evaluate(async (text) => {
          const input = document.getElementById('search') as HTMLInputElement;
          const started = performance.now();
          input.value = text;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // (No named function here: tsx would wrap it in a helper the page does not have.)
          while (!document.querySelector(`[data-query="${CSS.escape(text)}"]`)) await new Promise((resolve) => setTimeout(resolve, 1));
          return performance.now() - started;
        }, query);
        searches.push(elapsed);
        await page.evaluate(() => {
          const input = document.getElementById('search') as HTMLInputElement;
          input.value = '';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
        await page.waitForSelector('[data-query=""]');
      }
    }
    return [
      judged({ name: `list: first screen with ${FILINGS} local filings (from navigation start)`, value: round(median(firstScreen)), unit: 'ms', runs: RUNS }, { atMost: 300 }),
      judged(
        { name: `list: search among ${FILINGS} filings, keystroke to results`, value: round(median(searches)), unit: 'ms', runs: RUNS * QUERIES.length, note: `queries: ${QUERIES.join(', ')}` },
        { atMost: 100 },
      ),
    ];
  } finally {
    await session.close();
  }
}
