import { useState } from 'preact/hooks';
import { formatDateTime } from '../../domain/format-dates';
import { useOfficeText } from '../use-office-text';
import { officeApi, type ApplicationDetail, type OfficeErrorCode } from '../office-api';
import { useSession } from '../session';

type Outcome = { kind: 'queued' } | { kind: 'failed'; code: OfficeErrorCode };

/** Where the mobile's one-time code stands, and a new code when the applicant did not get one. */
export function OtpPanel({ detail, onChanged }: { detail: ApplicationDetail; onChanged(): void }) {
  const { text, textKey, errorText, lang } = useOfficeText();
  const { expire } = useSession();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const otp = detail.otp;
  const facts: [string, string][] = otp
    ? [
        [text('otp.state'), textKey(`otp.state.${otp.state}`)],
        ...(otp.sentAt ? [[text('otp.sentAt'), formatDateTime(otp.sentAt, lang)] as [string, string]] : []),
        ...(otp.verifiedAt ? [[text('otp.verifiedAt'), formatDateTime(otp.verifiedAt, lang)] as [string, string]] : []),
        [text('otp.attempts'), String(otp.attempts)],
        [text('otp.sendAttempts'), String(otp.sendAttempts)],
        ...(otp.lastError ? [[text('otp.lastError'), otp.lastError] as [string, string]] : []),
      ]
    : [];

  return (
    <section class="office-section" aria-labelledby="otp-title" data-testid="otp-panel" data-state={otp?.state ?? 'none'}>
      <h2 id="otp-title">{text('otp.title')}</h2>
      {otp ? (
        <dl class="office-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>{text('otp.none')}</p>
      )}
      {outcome ? (
        <p class={outcome.kind === 'queued' ? 'office-done' : 'office-error'} role={outcome.kind === 'queued' ? 'status' : 'alert'} data-testid="otp-outcome">
          {outcome.kind === 'queued' ? text('otp.queued') : errorText(outcome.code)}
        </p>
      ) : null}
      {detail.mobileVerified ? null : (
        <button
          type="button"
          class="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const result = await officeApi.newOtp(detail.id);
            setBusy(false);
            if (!result.ok && result.code === 'unauthorized') return expire();
            setOutcome(result.ok ? { kind: 'queued' } : { kind: 'failed', code: result.code });
            if (result.ok) onChanged();
          }}
        >
          {text('otp.send')}
        </button>
      )}
    </section>
  );
}
