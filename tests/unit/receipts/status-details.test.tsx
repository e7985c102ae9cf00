// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusDetails } from '../../../src/receipts/ReceiptView/StatusDetails';
import type { Filing } from '../../../src/store/types';
import { I18nProvider } from '../../../src/ui/i18n-context';

let root: HTMLElement | undefined;
function shown(lang: 'hi' | 'en', filing: Pick<Filing, 'surveyDate' | 'estimateAmount' | 'applicantNote'>): string[] {
  localStorage.setItem('sahej.lang', lang);
  root = document.createElement('dl');
  document.body.append(root);
  act(() => render(<I18nProvider><StatusDetails filing={filing} /></I18nProvider>, root!));
  return [...root.children].map((child) => `${child.tagName}:${child.textContent}`);
}

afterEach(() => {
  if (root) act(() => render(null, root!));
  root?.remove();
});

describe('what the office set for the applicant, on the kiosk’s filing', () => {
  it('shows the survey’s day, the estimate and the office’s message, each under its own term', () => {
    expect(shown('hi', { surveyDate: '2026-12-10', estimateAmount: 125000, applicantNote: 'सुबह 10 बजे घर पर रहें' })).toEqual([
      'DT:सर्वे की तारीख़',
      'DD:10 दिसंबर 2026',
      'DT:अनुमान (एस्टिमेट) — जमा करनी राशि',
      'DD:₹1,25,000',
      'DT:कार्यालय का संदेश',
      'DD:सुबह 10 बजे घर पर रहें',
    ]);
    expect(shown('en', { surveyDate: '2026-12-10' })).toEqual(['DT:Survey day', 'DD:10 Dec 2026']);
  });

  it('shows nothing the office did not set', () => {
    expect(shown('en', {})).toEqual([]);
  });
});
