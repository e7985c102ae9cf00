import { useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import type { ClientErrorCode } from '../../domain/client-error-codes';
import { toLatinDigits } from '../../domain/digits';
import { loadDevice } from '../../store/device';
import type { Filing } from '../../store/types';

type Note = { kind: 'good' | 'bad'; text: string } | undefined;

/**
 * The applicant's mobile, proved with the code the server sent them (or the link in the
 * SMS). Online only — the server knows the code — and never in the way: an unverified
 * mobile is only a flag for the office.
 */
export function MobileCheck({ filing }: { filing: Filing }) {
  const { api, db } = useApp();
  const { t, errorText } = useI18n();
  const [code, setCode] = useState('');
  const [note, setNote] = useState<Note>();
  const [busy, setBusy] = useState(false);
  if (!filing.applicationNo) return null;
  if (filing.mobileVerifiedAt) {
    return (
      <p class="follow-up follow-up--done no-print" data-testid="mobile-verified">
        {t('mobile.verified')}
      </p>
    );
  }

  async function run(action: (token: string) => Promise<Note>) {
    setBusy(true);
    setNote(undefined);
    const device = await loadDevice(db);
    if (device) setNote(await action(device.token));
    setBusy(false);
  }

  const verify = () =>
    run(async (token) => {
      const answer = await api.verifyMobileCode(filing.id, code.trim(), token);
      if (answer.ok) {
        await db.filings.update(filing.id, { mobileVerifiedAt: answer.verifiedAt });
        return undefined;
      }
      const text = answer.code === ('network' satisfies ClientErrorCode) ? t('mobile.offline') : errorText(answer.code);
      return { kind: 'bad', text: answer.attemptsLeft !== undefined ? `${text} ${t('mobile.attemptsLeft', { count: answer.attemptsLeft })}` : text };
    });

  const resend = () =>
    run(async (token) => {
      const answer = await api.requestMobileCode(filing.id, token);
      if (answer.ok) return { kind: 'good', text: t('mobile.sent') };
      return { kind: 'bad', text: answer.code === ('network' satisfies ClientErrorCode) ? t('mobile.offline') : errorText(answer.code) };
    });

  return (
    <section class="follow-up no-print" data-testid="mobile-check" aria-labelledby="mobile-title">
      <h2 id="mobile-title">{t('mobile.title')}</h2>
      <p>{t('mobile.explain')}</p>
      <form
        class="follow-up__form"
        onSubmit={(event) => {
          event.preventDefault();
          void verify();
        }}
      >
        <div class="field">
          <label for="mobile-code">{t('mobile.codeLabel')}</label>
          <input id="mobile-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onInput={(event) => setCode(toLatinDigits(event.currentTarget.value).replace(/\D/g, ''))} />
        </div>
        {note ? (
          <p class={note.kind === 'bad' ? 'field__error' : 'follow-up__ok'} role={note.kind === 'bad' ? 'alert' : 'status'}>
            {note.text}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy || code.length !== 6}>
            {t('mobile.verify')}
          </button>
          <button type="button" class="button" disabled={busy} onClick={() => void resend()}>
            {t('mobile.resend')}
          </button>
        </div>
      </form>
    </section>
  );
}
