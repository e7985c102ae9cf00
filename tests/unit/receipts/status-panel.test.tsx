// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusPanel } from '../../../src/receipts/StatusPanel';
import type { SeenStatus } from '../../../src/store/types';
import { I18nProvider } from '../../../src/ui/i18n-context';

/**
 * The applicant's status panel, stage by stage, in Hindi and English: the stage and its day,
 * what to do next in the applicant's words, the service clock's deadline, and a missed one.
 * Expected sentences are written out here, not read from the tables, so a wrong table fails.
 */
let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

// 10 Nov 2026, 10:30 am in India; the objection's 21 days run to 1 Dec 2026.
const base: SeenStatus = { receiptNo: 'LKO1-D01-000042', applicationNo: 'LKO1/2026/000123', status: 'received', statusAt: '2026-11-10T05:00:00.000Z', dueAt: '2026-11-17T05:00:00.000Z', fetchedAt: '2026-11-12T04:00:00.000Z' };

function show(lang: 'hi' | 'en', seen: Partial<SeenStatus>, source: 'live' | 'asking' | 'remembered' = 'live') {
  localStorage.setItem('sahej.lang', lang);
  // The provider reads the language once, when it mounts.
  act(() => render(null, root));
  act(() =>
    render(
      <I18nProvider>
        <StatusPanel seen={{ ...base, ...seen }} source={source} />
      </I18nProvider>,
      root,
    ),
  );
  const text = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
  return { text, headings: [...root.querySelectorAll('h2, h3')].map((h) => `${h.tagName}:${h.textContent}`) };
}

describe('the status panel, stage by stage', () => {
  it('received: the stage since its India day, the application number to quote, the deadline, and nothing to do yet', () => {
    const en = show('en', {});
    expect(en.text('status-stage')).toBe('Received at the office · since 10 Nov 2026');
    expect(en.text('status-application-no')).toBe('LKO1/2026/000123');
    expect(en.text('status-due')).toBe('17 Nov 2026');
    expect(en.text('status-next')).toBe('Nothing for now. The office will review your application; look at this page again in a few days.');
    expect(en.headings).toEqual(['H2:Status at the office', 'H3:What to do next']);
    expect(en.text('deadline-missed')).toBeNull();
    expect(en.text('status-last-seen')).toBeNull();
    const hi = show('hi', {});
    expect(hi.text('status-stage')).toBe('कार्यालय में प्राप्त · 10 नवंबर 2026 से');
    expect(hi.text('status-due')).toBe('17 नवंबर 2026');
    expect(hi.text('status-next')).toBe('अभी कुछ नहीं करना है। कार्यालय आपके आवेदन की जाँच करेगा; कुछ दिन बाद यह पेज फिर देखें।');
    expect(hi.headings).toEqual(['H2:कार्यालय में स्थिति', 'H3:आगे क्या करें']);
  });

  it('the stage is a status region, so a screen reader reads the answer when it arrives', () => {
    show('en', {});
    expect(root.querySelector('[data-testid="status-stage"]')!.getAttribute('role')).toBe('status');
    expect(root.querySelector('section')!.getAttribute('aria-labelledby')).toBe(root.querySelector('h2')!.id);
  });

  it('under review', () => {
    expect(show('en', { status: 'under_review' }).text('status-next')).toBe('Nothing for now: the office is checking your application and documents. If anything is missing, it will show here.');
    expect(show('hi', { status: 'under_review' }).text('status-stage')).toBe('जाँच में · 10 नवंबर 2026 से');
  });

  it('objection: the office’s words for the applicant, and the day to answer by (21 days from the objection)', () => {
    const note = 'Bring a clear photo of the electricity bill';
    const en = show('en', { status: 'objection', applicantNote: note });
    expect(en.text('status-note')).toBe(`What the office needs from you${note}`);
    expect(en.text('status-next')).toBe('Answer at the kiosk where you applied, with this receipt, by 1 Dec 2026. Without an answer by then, the application is cancelled.');
    const hi = show('hi', { status: 'objection', applicantNote: 'बिजली बिल की साफ़ फ़ोटो लाएँ' });
    expect(hi.text('status-note')).toBe('कार्यालय को आपसे क्या चाहिएबिजली बिल की साफ़ फ़ोटो लाएँ');
    expect(hi.text('status-next')).toBe('1 दिसंबर 2026 तक उसी कियोस्क पर, जहाँ आवेदन किया था, यह रसीद लेकर उत्तर दें। तब तक उत्तर न मिला तो आवेदन रद्द हो जाएगा।');
  });

  it('objection late in the India day: the 21 days count from the India day, not the UTC one', () => {
    // 20:00 UTC on 10 Nov is 1:30 am on 11 Nov in India.
    expect(show('en', { status: 'objection', statusAt: '2026-11-10T20:00:00.000Z' }).text('status-next')).toContain('by 2 Dec 2026.');
  });

  it('survey scheduled: the survey’s day, and to be there with the documents', () => {
    const en = show('en', { status: 'survey_scheduled', surveyDate: '2026-11-20' });
    expect(en.text('status-survey-date')).toBe('20 Nov 2026');
    expect(en.text('status-next')).toBe('Be at the premises on 20 Nov 2026 for the survey, with your ID proof and the ownership document.');
    const hi = show('hi', { status: 'survey_scheduled', surveyDate: '2026-11-20' });
    expect(hi.text('status-survey-date')).toBe('20 नवंबर 2026');
    expect(hi.text('status-next')).toBe('20 नवंबर 2026 को सर्वे के समय परिसर पर रहें; पहचान पत्र और स्वामित्व का दस्तावेज़ साथ रखें।');
  });

  it('estimate issued: the amount in rupees with Indian grouping, and how to pay it', () => {
    const en = show('en', { status: 'estimate_issued', estimateAmount: 150000 });
    expect(en.text('status-estimate')).toBe('₹1,50,000');
    expect(en.text('status-next')).toBe('Pay ₹1,50,000 at the electricity office counter, quoting application no. LKO1/2026/000123, and keep the payment receipt.');
    const hi = show('hi', { status: 'estimate_issued', estimateAmount: 12345 });
    expect(hi.text('status-estimate')).toBe('₹12,345');
    expect(hi.text('status-next')).toBe('बिजली कार्यालय के काउंटर पर आवेदन संख्या LKO1/2026/000123 बताकर ₹12,345 जमा करें, और भुगतान की रसीद संभालकर रखें।');
  });

  it('estimate paid, meter installed, connected', () => {
    const paid = show('en', { status: 'estimate_paid', estimateAmount: 4200 });
    expect(paid.text('status-estimate')).toBe('₹4,200');
    expect(paid.text('status-next')).toBe('Nothing for now: your payment is recorded and the meter will be installed next.');
    expect(show('hi', { status: 'meter_installed' }).text('status-next')).toBe('अभी कुछ नहीं करना है: मीटर लग गया है, अब कनेक्शन चालू किया जाएगा।');
    const connected = show('en', { status: 'connected' });
    expect(connected.text('status-next')).toBe('Your connection is on. Nothing more to do.');
    // The clock stopped: no deadline to wait for.
    expect(connected.text('status-due')).toBeNull();
    expect(show('hi', { status: 'connected' }).text('status-stage')).toBe('कनेक्शन चालू · 10 नवंबर 2026 से');
  });

  it('rejected: the office’s note as the reason', () => {
    const en = show('en', { status: 'rejected', applicantNote: 'The premises are outside our area' });
    expect(en.text('status-note')).toBe('ReasonThe premises are outside our area');
    expect(en.text('status-next')).toBe('The application was rejected. To ask about it, visit the electricity office with this receipt.');
    expect(en.text('status-due')).toBeNull();
    expect(show('hi', { status: 'rejected', applicantNote: 'परिसर हमारे क्षेत्र से बाहर है' }).text('status-note')).toBe('कारणपरिसर हमारे क्षेत्र से बाहर है');
  });

  it('cancelled', () => {
    expect(show('en', { status: 'cancelled' }).text('status-next')).toBe('The application was cancelled. To apply again, visit a kiosk.');
    expect(show('hi', { status: 'cancelled' }).text('status-next')).toBe('आवेदन रद्द हो गया। फिर से आवेदन के लिए किसी कियोस्क पर जाएँ।');
  });

  it('a missed deadline: a notice that compensation is due under the Rules, with the day it was due', () => {
    const en = show('en', { status: 'under_review', deadlineMissed: true });
    expect(en.text('deadline-missed')).toBe(
      'The deadline was missedYour connection was due by 17 Nov 2026. Under the Electricity (Rights of Consumers) Rules, compensation is due to you for each day of delay: ask the office for it, quoting application no. LKO1/2026/000123.',
    );
    const hi = show('hi', { status: 'under_review', deadlineMissed: true });
    expect(hi.text('deadline-missed')).toBe(
      'समय-सीमा निकल गईआपका कनेक्शन 17 नवंबर 2026 तक होना था। विद्युत (उपभोक्ता अधिकार) नियमों के अनुसार देरी के हर दिन का मुआवज़ा आपका हक़ है: आवेदन संख्या LKO1/2026/000123 बताकर कार्यालय से माँगें।',
    );
    // Connected late: the clock stopped, the compensation is still owed.
    expect(show('en', { status: 'connected', deadlineMissed: true }).text('deadline-missed')).toContain('compensation is due to you');
  });

  it('without the optional fields (an older server): the stage alone, sentences that need no date', () => {
    const bare = { statusAt: undefined, dueAt: undefined } as Partial<SeenStatus>;
    const en = show('en', { ...bare, status: 'objection' });
    expect(en.text('status-stage')).toBe('Objection — answer needed');
    expect(en.text('status-due')).toBeNull();
    expect(en.text('status-next')).toBe('Answer at the kiosk where you applied, with this receipt, within 21 days. Without an answer, the application is cancelled.');
    expect(show('en', { ...bare, status: 'survey_scheduled' }).text('status-next')).toBe('The office will tell you the survey date. Keep your ID proof and the ownership document ready.');
    expect(show('en', { ...bare, status: 'estimate_issued' }).text('status-next')).toBe('Ask at the electricity office for the estimate, quoting application no. LKO1/2026/000123, and pay it there.');
    // A stage from a newer server: shown as given, with the general advice.
    const newer = show('en', { ...bare, status: 'on_hold' });
    expect(newer.text('status-stage')).toBe('serverStatus.on_hold');
    expect(newer.text('status-next')).toBe('Look at this page again in a few days.');
  });

  it('an earlier visit’s answer is labelled with when it was fetched', () => {
    expect(show('en', {}, 'remembered').text('status-last-seen')).toBe('No connection to the office now: this is the status last seen on 12 Nov 2026, 9:30 am');
    expect(show('hi', {}, 'remembered').text('status-last-seen')).toBe('अभी कार्यालय से संपर्क नहीं है: यह 12 नवंबर 2026, 9:30 am को देखी गई स्थिति है');
    // While the server is asked again, the copy is shown as such, without claiming there is no connection.
    expect(show('en', {}, 'asking').text('status-last-seen')).toBe('The status last seen on 12 Nov 2026, 9:30 am — asking the office for news…');
    expect(show('hi', {}, 'asking').text('status-last-seen')).toBe('12 नवंबर 2026, 9:30 am को देखी गई स्थिति — कार्यालय से नई जानकारी ली जा रही है…');
  });
});
