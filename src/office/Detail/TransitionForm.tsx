import { useState } from 'preact/hooks';
import type { Status } from '../../domain/status';
import { NOTE_MAX_LENGTH } from '../../domain/status-notes';
import { useOfficeText } from '../use-office-text';
import { officeApi, type ApplicationDetail, type OfficeErrorCode } from '../office-api';
import { useSession } from '../session';

export type MoveOutcome = { kind: 'moved'; status: Status } | { kind: 'failed'; code: OfficeErrorCode };

type Missing = { to?: boolean; note?: boolean };

/**
 * Moving the application to one of the stages the server offers, always with a note. For an
 * objection the note is the reason the kiosk shows the applicant, so the form says so.
 */
export function TransitionForm({ detail, onDone }: { detail: ApplicationDetail; onDone(outcome: MoveOutcome): void }) {
  const { t, text, tKey } = useOfficeText();
  const { expire } = useSession();
  const [to, setTo] = useState<Status | ''>('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<Missing>({});
  const [busy, setBusy] = useState(false);
  const objection = to === 'objection';

  async function submit(event: Event) {
    event.preventDefault();
    const problems = { to: !to, note: !note.trim() };
    setMissing(problems);
    if (!to || problems.note) return;
    setBusy(true);
    const result = await officeApi.transition(detail.id, to, note.trim());
    setBusy(false);
    if (!result.ok && result.code === 'unauthorized') return expire();
    onDone(result.ok ? { kind: 'moved', status: result.value.status } : { kind: 'failed', code: result.code });
  }

  return (
    <form class="office-section office-action" onSubmit={submit} noValidate aria-labelledby="action-title" data-testid="transition-form">
      <h2 id="action-title">{text('action.title')}</h2>
      <div class={`field${missing.to ? ' field--error' : ''}`}>
        <label for="action-to">{text('action.to')}</label>
        <select
          id="action-to"
          name="to"
          value={to}
          required
          aria-invalid={missing.to ? 'true' : undefined}
          aria-describedby={missing.to ? 'action-to-error' : undefined}
          onChange={(event) => setTo((event.currentTarget as HTMLSelectElement).value as Status | '')}
        >
          <option value="">{t('form.choose')}</option>
          {detail.next.map((status) => (
            <option key={status} value={status}>
              {tKey(`serverStatus.${status}`)}
            </option>
          ))}
        </select>
        {missing.to ? (
          <p class="field__error" id="action-to-error">
            {text('action.chooseMissing')}
          </p>
        ) : null}
      </div>
      <div class={`field${missing.note ? ' field--error' : ''}`}>
        <label for="action-note">{objection ? text('action.reason') : text('action.note')}</label>
        <p class="field__hint" id="action-note-hint">
          {objection ? text('action.reasonHint') : text('action.noteHint')}
        </p>
        <textarea
          id="action-note"
          name="note"
          maxLength={NOTE_MAX_LENGTH}
          required
          value={note}
          aria-invalid={missing.note ? 'true' : undefined}
          aria-describedby={missing.note ? 'action-note-hint action-note-error' : 'action-note-hint'}
          onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)}
        />
        {missing.note ? (
          <p class="field__error" id="action-note-error">
            {text('action.noteMissing')}
          </p>
        ) : null}
      </div>
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? text('action.busy') : text('action.submit')}
        </button>
      </div>
    </form>
  );
}
