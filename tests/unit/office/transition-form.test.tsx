// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransitionInput } from '../../../src/domain/transition';
import { office } from '../../../src/i18n/office';
import { TransitionForm, type MoveOutcome } from '../../../src/office/Detail/TransitionForm';
import { officeApi, type OfficeResult } from '../../../src/office/office-api';
import { SessionContext, type Session } from '../../../src/office/session';
import { I18nProvider } from '../../../src/ui/i18n-context';

// 2026-12-03 20:00 UTC is 2026-12-04 in India: a survey may be fixed 2026-12-04 … 2027-02-02.
const NOW = new Date('2026-12-03T20:00:00Z');
// The applicant's days: the first has passed since the filing, the other two are in the window.
const PREFERRED = ['2026-12-01', '2026-12-10', '2026-12-12'];

let root: HTMLElement;
let sent: TransitionInput[];
let answer: OfficeResult<{ id: string; from: 'received'; to: 'survey_scheduled'; status: 'survey_scheduled' }>;
let outcomes: MoveOutcome[];

function mount(lang: 'hi' | 'en', next: TransitionInput['to'][] = ['under_review', 'survey_scheduled', 'estimate_issued']) {
  localStorage.setItem('sahej.lang', lang);
  const session = { user: { username: 'lko.officer' }, expire: () => {} } as unknown as Session;
  act(() =>
    render(
      <I18nProvider>
        <SessionContext.Provider value={session}>
          <TransitionForm detail={{ id: 'A1', next: next as never }} preferredDays={PREFERRED} onDone={(outcome) => outcomes.push(outcome)} />
        </SessionContext.Provider>
      </I18nProvider>,
      root,
    ),
  );
}

const $ = <E extends Element>(selector: string) => root.querySelector<E>(selector)!;
const text = (selector: string) => root.querySelector(selector)?.textContent ?? null;
const oText = (lang: 'hi' | 'en', key: Parameters<typeof office.text>[1], params?: Record<string, string | number>) => office.text(lang, key, params);

function choose(to: string) {
  act(() => {
    $<HTMLSelectElement>('#action-to').value = to;
    $('#action-to').dispatchEvent(new Event('change', { bubbles: true }));
  });
}
function type(selector: string, value: string) {
  act(() => {
    $<HTMLInputElement>(selector).value = value;
    $(selector).dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function submit() {
  await act(async () => {
    $<HTMLButtonElement>('button[type=submit]').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  root = document.createElement('div');
  document.body.append(root);
  sent = [];
  outcomes = [];
  answer = { ok: true, value: { id: 'A1', from: 'received', to: 'survey_scheduled', status: 'survey_scheduled' } };
  vi.spyOn(officeApi, 'transition').mockImplementation(async (_id, input) => {
    sent.push(input);
    return answer as never;
  });
});

afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the transition form', () => {
  it('offers the applicant’s days first, a passed one disabled with the reason, then a picker bounded by the window', () => {
    mount('hi');
    expect(root.querySelector('[data-testid="survey-day"]')).toBeNull();
    choose('survey_scheduled');
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[name="survey-choice"]')];
    expect(radios.map((radio) => [radio.value, radio.disabled])).toEqual([
      ['2026-12-01', true],
      ['2026-12-10', false],
      ['2026-12-12', false],
    ]);
    expect(text('label[for="action-survey-pref-2"]')).toBe('आवेदक की पसंद 2: 10 दिसंबर 2026');
    expect(text('#action-survey-pref-1-why')).toContain(oText('hi', 'action.dayPast'));
    expect($('#action-survey-pref-1').getAttribute('aria-describedby')).toBe('action-survey-pref-1-why');
    const picker = $<HTMLInputElement>('#action-survey-date');
    expect([picker.type, picker.min, picker.max]).toEqual(['date', '2026-12-04', '2027-02-02']);
    expect(text('legend')).toBe('सर्वे की तारीख़');
    expect(text('#action-survey-hint')).toContain('4 दिसंबर 2026 से 2 फ़रवरी 2027 तक');
  });

  it('sends the chosen day as data, and the office’s note and the applicant’s apart', async () => {
    mount('hi');
    choose('survey_scheduled');
    act(() => $<HTMLInputElement>('#action-survey-pref-2').click());
    expect($<HTMLInputElement>('#action-survey-date').value).toBe('2026-12-10');
    type('#action-note', 'आवेदक ने फ़ोन पर पुष्टि की');
    type('#action-applicant-note', 'सुबह 10 बजे घर पर रहें');
    expect(text('[data-testid="action-applicant-note-count"]')).toBe('300 में से 22 अक्षर');
    await submit();
    expect(sent).toEqual([{ to: 'survey_scheduled', note: 'आवेदक ने फ़ोन पर पुष्टि की', applicantNote: 'सुबह 10 बजे घर पर रहें', surveyDate: '2026-12-10' }]);
    expect(outcomes).toEqual([{ kind: 'moved', status: 'survey_scheduled' }]);
  });

  it('a day typed in the picker that the applicant asked for checks its button', () => {
    mount('en');
    choose('survey_scheduled');
    type('#action-survey-date', '2026-12-12');
    expect($<HTMLInputElement>('#action-survey-pref-3').checked).toBe(true);
    type('#action-survey-date', '2026-12-20');
    expect([...root.querySelectorAll<HTMLInputElement>('input[name="survey-choice"]')].some((radio) => radio.checked)).toBe(false);
  });

  it('refuses a day outside the window before sending, in the officer’s language, with focus on the picker', async () => {
    mount('en');
    choose('survey_scheduled');
    type('#action-survey-date', '2027-02-03');
    type('#action-note', 'n');
    await submit();
    expect(sent).toEqual([]);
    expect(text('#action-survey-date-error')).toBe('Choose a day from 4 Dec 2026 to 2 Feb 2027');
    expect($('#action-survey-date').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('action-survey-date');
    // Mending the day takes the message away.
    type('#action-survey-date', '2027-02-02');
    expect(root.querySelector('#action-survey-date-error')).toBeNull();
  });

  it('wants the survey’s day and the note, each under its own field', async () => {
    mount('hi');
    choose('survey_scheduled');
    await submit();
    expect(sent).toEqual([]);
    expect(text('#action-survey-date-error')).toBe('सर्वे की तारीख़ चुनें');
    expect(text('#action-note-error')).toBe('टिप्पणी लिखें');
  });

  it('takes an estimate in rupees as typed, and refuses a fraction', async () => {
    mount('en');
    choose('estimate_issued');
    expect(text('label[for="action-estimate"]')).toBe('Estimate (₹, whole rupees)');
    type('#action-estimate', '12500.50');
    type('#action-note', 'Line of 40 m');
    await submit();
    expect(sent).toEqual([]);
    expect(text('#action-estimate-error')).toBe('The estimate must be whole rupees, from ₹1 to ₹1,00,00,000');
    type('#action-estimate', '₹12,500');
    await submit();
    expect(sent).toEqual([{ to: 'estimate_issued', note: 'Line of 40 m', estimateAmount: 12500 }]);
  });

  it('shows a 422’s issues on their fields in the officer’s language, keeps what was typed, and reports no move', async () => {
    answer = { ok: false, code: 'invalid', httpStatus: 422, issues: [{ path: 'surveyDate', code: 'date.window' }, { path: 'applicantNote', code: 'text.too_long' }] };
    mount('hi');
    choose('survey_scheduled');
    act(() => $<HTMLInputElement>('#action-survey-pref-3').click());
    type('#action-note', 'n');
    type('#action-applicant-note', 'घर पर रहें');
    await submit();
    expect(sent).toHaveLength(1);
    expect(outcomes).toEqual([]);
    expect(text('[data-testid="transition-refused"]')).toBe(oText('hi', 'action.refused'));
    expect(text('#action-survey-date-error')).toBe('4 दिसंबर 2026 से 2 फ़रवरी 2027 तक की तारीख़ चुनें');
    expect(text('#action-applicant-note-error')).toBe('आवेदक के लिए संदेश अधिक से अधिक 300 अक्षर का हो');
    expect($<HTMLInputElement>('#action-survey-pref-3').checked).toBe(true);
    expect($<HTMLTextAreaElement>('#action-applicant-note').value).toBe('घर पर रहें');
    expect(document.activeElement?.id).toBe('action-survey-date');
  });

  it('a 422 code the console has no sentence for reads as the app’s message for it, never as a code', async () => {
    answer = { ok: false, code: 'invalid', httpStatus: 422, issues: [{ path: 'estimateAmount', code: 'invalid' }, { path: 'note', code: 'something.newer' }] };
    mount('en');
    choose('estimate_issued');
    type('#action-estimate', '500');
    type('#action-note', 'n');
    await submit();
    expect(text('#action-estimate-error')).toBe('This value is not valid');
    expect(text('#action-note-error')).toBe('Some details in the application are not valid');
  });

  it('labels who reads each note', () => {
    mount('en', ['under_review', 'rejected']);
    choose('under_review');
    expect(text('label[for="action-note"]')).toBe('Office note (internal)');
    expect(text('#action-note-hint')).toContain('not sent in the applicant’s SMS or status page');
    expect(text('label[for="action-applicant-note"]')).toBe('Note to the applicant (optional)');
    expect(text('#action-applicant-note-hint')).toContain('status page, in the SMS and at the kiosk');
    expect($('#action-applicant-note').getAttribute('aria-describedby')).toBe('action-applicant-note-hint action-applicant-note-count');
    // A refusal's SMS gives it as the reason: the hint says so.
    choose('rejected');
    expect(text('#action-applicant-note-hint')).toBe(oText('en', 'action.applicantNoteReasonHint'));
  });
});
