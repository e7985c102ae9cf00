import { startApplication } from '../../tests/e2e/support/kiosk';
import { openAppSession } from '../lib/app-session';
import { judged, median, percentile, round, type BenchRecord } from '../lib/records';

const RUNS = 5;
const KEYSTROKES = 60;

/**
 * Input event → draft durable in IndexedDB (strict durability), per keystroke, in the
 * real form. The reference is the floor underneath: a bare IndexedDB put of a draft-sized
 * record with the same durability, timed from put() to the transaction's completion.
 */
export async function benchAutosave(): Promise<BenchRecord[]> {
  const session = await openAppSession();
  try {
    const { page } = session;
    await startApplication(page, 'new_connection');
    const p95s: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const latencies = await page.evaluate(async (count) => {
        const input = document.getElementById('f-applicant-name') as HTMLInputElement;
        input.focus();
        const results: number[] = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          const saved = new Promise<number>((resolve) => {
            const observer = new PerformanceObserver((list) => {
              const mark = list.getEntries().find((entry) => entry.name === 'sahej:draft-saved' && entry.startTime >= started);
              if (mark) {
                observer.disconnect();
                resolve(mark.startTime);
              }
            });
            observer.observe({ type: 'mark' });
          });
          input.value = `${input.value}${'सीता राम '[i % 9]}`.slice(-90);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          results.push((await saved) - started);
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        return results;
      }, KEYSTROKES);
      p95s.push(percentile(latencies, 95));
      const reference = await page.evaluate(async (count) => {
        const open = indexedDB.open('bench-bare-put', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('drafts', { keyPath: 'id' });
        const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
        const record = { id: 'draft', type: 'new_connection', step: 'applicant', values: Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`field.${i}`, 'सीता देवी 9876543210'])) };
        const results: number[] = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          const transaction = db.transaction('drafts', 'readwrite', { durability: 'strict' });
          transaction.objectStore('drafts').put({ ...record, n: i });
          await new Promise((resolve) => (transaction.oncomplete = resolve));
          results.push(performance.now() - started);
        }
        db.close();
        return results;
      }, KEYSTROKES);
      bare.push(percentile(reference, 95));
    }
    return [
      judged(
        {
          name: 'autosave: input event to durable in IndexedDB, p95',
          value: round(median(p95s)),
          unit: 'ms',
          runs: RUNS,
          reference: { name: 'bare IndexedDB put (strict), p95', value: round(median(bare)), unit: 'ms' },
          note: `${KEYSTROKES} keystrokes a run into the applicant's name`,
        },
        { atMost: 30 },
      ),
    ];
  } finally {
    await session.close();
  }
}
