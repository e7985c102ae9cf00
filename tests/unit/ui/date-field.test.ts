// @vitest-environment happy-dom
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { DateField } from '../../../src/ui/fields/DateField';
import { dayFirst, parseDayFirst } from '../../../src/ui/fields/day-first';
import { I18nProvider } from '../../../src/ui/i18n-context';

describe('a date typed day first', () => {
  it('reads 2 December however the operator writes it, and nothing half-typed', () => {
    for (const typed of ['02/12/2026', '2/12/2026', '02-12-2026', '2.12.2026', '02122026', '०२/१२/२०२६', '2026-12-02']) expect(parseDayFirst(typed), typed).toBe('2026-12-02');
    for (const typed of ['', '02/12', '02/12/20', '12/31/2026', '31/02/2026', '2/12/26']) expect(parseDayFirst(typed), typed).toBeUndefined();
    expect(dayFirst('2026-12-02')).toBe('02/12/2026');
    expect(dayFirst('02/12')).toBe('02/12');
  });
});

describe('DateField', () => {
  let container: HTMLElement;
  afterEach(() => {
    render(null, container);
    container.remove();
  });

  let kept = '';
  function Form({ initial, error }: { initial: string; error?: string }) {
    const [value, setValue] = useState(initial);
    kept = value;
    return h(DateField, { path: 'survey.preferredDates.0', label: 'Date', value, onValue: setValue, error, hint: 'After today' });
  }

  function mount(initial: string, lang: 'hi' | 'en', error?: string): HTMLInputElement {
    localStorage.setItem('sahej.lang', lang);
    container = document.createElement('div');
    document.body.append(container);
    act(() => render(h(I18nProvider, null, h(Form, { initial, error })), container));
    return container.querySelector('input')!;
  }

  function type(input: HTMLInputElement, text: string): void {
    act(() => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  it('shows the kept YYYY-MM-DD day first and keeps what is typed as YYYY-MM-DD', () => {
    const input = mount('2026-12-02', 'en');
    expect(input.type).toBe('text');
    expect(input.value).toBe('02/12/2026');
    type(input, '03/12/2026');
    expect(kept).toBe('2026-12-03');
    expect(input.value).toBe('03/12/2026');
    // Half-typed text is kept as typed, so validation can say the date is not whole yet.
    type(input, '03/12/20');
    expect(kept).toBe('03/12/20');
    expect(input.value).toBe('03/12/20');
  });

  it('is labelled, and tells the format, hint and error to a screen reader, in Hindi too', () => {
    const input = mount('', 'hi', 'तारीख़ सही नहीं है');
    expect(container.querySelector(`label[for="${input.id}"]`)?.textContent).toContain('Date');
    const described = input.getAttribute('aria-describedby')!.split(' ').map((id) => container.querySelector(`#${id}`)?.textContent);
    expect(described).toEqual(['दिन/महीना/वर्ष, जैसे 2 दिसंबर 2026 के लिए 02/12/2026', 'After today', 'तारीख़ सही नहीं है']);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.placeholder).toBe('दिन/महीना/वर्ष');
  });
});
