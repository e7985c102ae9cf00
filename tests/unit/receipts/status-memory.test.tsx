// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/domain/ids';
import type { ReceiptStatusAnswer } from '../../../src/domain/wire/device';
import { StatusLink } from '../../../src/receipts/StatusLink';
import { SahejDatabase } from '../../../src/store/database';
import { AppProvider, type AppRuntime } from '../../../src/ui/app-context';
import { I18nProvider } from '../../../src/ui/i18n-context';

/**
 * The applicant's pages remember the office's last answer per receipt and show it offline,
 * labelled with when it was fetched; the status link (/s/) is the page driven here, with the
 * API client faked: each test says what the server answers (or that it cannot be reached).
 */
type Answer = ReceiptStatusAnswer | 'unknown' | undefined;
let db: SahejDatabase;
let root: HTMLElement;
let answer: Answer | Promise<Answer>;
const asked: string[] = [];
const api = {
  receiptStatus: async (receiptNo: string, checkCode: string): Promise<Answer> => {
    asked.push(`${receiptNo} ${checkCode}`);
    return answer;
  },
};

beforeEach(() => {
  db = new SahejDatabase(`status-memory-${newId()}`);
  root = document.createElement('div');
  document.body.append(root);
  asked.length = 0;
});
afterEach(async () => {
  act(() => render(null, root));
  root.remove();
  db.close();
  await db.delete();
});

const RECEIPT = 'LKO1-D01-000042';
const live: ReceiptStatusAnswer = {
  valid: true,
  receiptNo: RECEIPT,
  applicationNo: 'LKO1/2026/000123',
  status: 'survey_scheduled',
  statusAt: '2026-11-10T05:00:00.000Z',
  issuedAt: '2026-11-01T05:00:00.000Z',
  amount: 100,
  applicantInitials: 'स. दे.',
  applicantNote: 'Keep the gate open',
  surveyDate: '2026-11-20',
  dueAt: '2026-11-17T05:00:00.000Z',
};

async function open(lang: 'hi' | 'en', fragment = `${RECEIPT}.ABCD2345`, until = () => !root.querySelector('[data-testid="status-asking"]')) {
  localStorage.setItem('sahej.lang', lang);
  act(() => render(null, root));
  act(() =>
    render(
      <AppProvider runtime={{ db, api } as unknown as AppRuntime}>
        <I18nProvider>
          <StatusLink fragment={fragment} />
        </I18nProvider>
      </AppProvider>,
      root,
    ),
  );
  await settle(until);
}
async function settle(until: () => boolean) {
  for (let i = 0; i < 100 && !until(); i++) await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  if (!until()) throw new Error('the page never settled');
}
const text = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;

describe('the status link page and its memory of the last answer', () => {
  it('online: asks with the link’s number and check code, shows the answer, and keeps only what the panel shows', async () => {
    answer = live;
    await open('en');
    // The code as the receipt prints it, which the server's lookup reads.
    expect(asked).toEqual([`${RECEIPT} ABCD-2345`]);
    expect(root.querySelector('h1')!.textContent).toBe('Application status');
    expect(text('status-link-receipt-no')).toBe(`Receipt no. ${RECEIPT}`);
    expect(root.querySelector('[data-testid="status-panel"]')!.getAttribute('data-source')).toBe('live');
    expect(text('status-survey-date')).toBe('20 Nov 2026');
    expect(text('status-last-seen')).toBeNull();
    // Initials are never shown nor kept (the panel needs none); nothing else of the answer but the panel's fields.
    expect(root.textContent).not.toContain('स. दे.');
    const kept = await db.seenStatuses.get(RECEIPT);
    expect(kept).toEqual({
      receiptNo: RECEIPT,
      applicationNo: 'LKO1/2026/000123',
      status: 'survey_scheduled',
      statusAt: '2026-11-10T05:00:00.000Z',
      applicantNote: 'Keep the gate open',
      surveyDate: '2026-11-20',
      dueAt: '2026-11-17T05:00:00.000Z',
      fetchedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('offline: the last answer seen, labelled with its date, in Hindi and English', async () => {
    await db.seenStatuses.put({ receiptNo: RECEIPT, applicationNo: 'LKO1/2026/000123', status: 'objection', statusAt: '2026-11-10T05:00:00.000Z', applicantNote: 'बिजली बिल की साफ़ फ़ोटो लाएँ', fetchedAt: '2026-11-12T04:00:00.000Z' });
    answer = undefined;
    await open('hi');
    expect(root.querySelector('[data-testid="status-panel"]')!.getAttribute('data-source')).toBe('remembered');
    expect(text('status-last-seen')).toBe('अभी कार्यालय से संपर्क नहीं है: यह 12 नवंबर 2026, 9:30 am को देखी गई स्थिति है');
    expect(text('status-stage')).toBe('आपत्ति — उत्तर चाहिए · 10 नवंबर 2026 से');
    expect(text('status-next')).toContain('1 दिसंबर 2026 तक');
    await open('en');
    expect(text('status-last-seen')).toBe('No connection to the office now: this is the status last seen on 12 Nov 2026, 9:30 am');
  });

  it('while the server is asked again, shows the kept answer as such, then the new one', async () => {
    await db.seenStatuses.put({ receiptNo: RECEIPT, applicationNo: 'LKO1/2026/000123', status: 'received', fetchedAt: '2026-11-12T04:00:00.000Z' });
    let reply: (value: Answer) => void = () => undefined;
    answer = new Promise<Answer>((resolve) => (reply = resolve));
    const source = () => root.querySelector('[data-testid="status-panel"]')?.getAttribute('data-source');
    await open('en', undefined, () => source() === 'asking');
    expect(text('status-last-seen')).toBe('The status last seen on 12 Nov 2026, 9:30 am — asking the office for news…');
    reply(live);
    await settle(() => source() === 'live');
    expect(text('status-last-seen')).toBeNull();
    expect(text('status-stage')).toContain('Survey scheduled');
  });

  it('a newer answer replaces the one kept before', async () => {
    await db.seenStatuses.put({ receiptNo: RECEIPT, applicationNo: 'LKO1/2026/000123', status: 'received', fetchedAt: '2026-11-02T04:00:00.000Z' });
    answer = { ...live, status: 'connected', surveyDate: undefined, applicantNote: undefined } as ReceiptStatusAnswer;
    await open('en');
    expect(text('status-stage')).toContain('Connected');
    expect(await db.seenStatuses.count()).toBe(1);
    expect((await db.seenStatuses.get(RECEIPT))!.status).toBe('connected');
    expect(await db.seenStatuses.get(RECEIPT)).not.toHaveProperty('surveyDate');
  });

  it('offline on the first visit: says it needs the network once', async () => {
    answer = undefined;
    await open('en');
    expect(text('status-offline')).toBe('Open this link once with internet to see the status; after that this phone shows the last status it saw, offline too.');
    expect(root.querySelector('[data-testid="status-panel"]')).toBeNull();
    await open('hi');
    expect(text('status-offline')).toBe('स्थिति देखने के लिए यह लिंक एक बार इंटरनेट के साथ खोलें; उसके बाद यह फ़ोन बिना इंटरनेट भी आख़िरी देखी गई स्थिति दिखाएगा।');
  });

  it('a receipt the server does not know (or a wrong check code) says so, and shows no old answer as current', async () => {
    await db.seenStatuses.put({ receiptNo: RECEIPT, applicationNo: 'LKO1/2026/000123', status: 'received', fetchedAt: '2026-11-02T04:00:00.000Z' });
    answer = 'unknown';
    await open('en');
    expect(text('status-unknown')).toBe('The office’s server does not have this application yet — the kiosk may still have to send it');
    expect(root.querySelector('[data-testid="status-panel"]')).toBeNull();
  });

  it('a link that is not a status link asks nothing and says it cannot be read', async () => {
    answer = live;
    for (const fragment of ['', 'LKO1-D01-000042', 'nonsense.ABCD2345', `${RECEIPT}.AB`]) {
      await open('en', fragment);
      expect(text('status-link-unreadable')).toBe('This status link could not be read — open it again from the SMS');
    }
    expect(asked).toEqual([]);
  });
});
