import { useRef, useState } from 'preact/hooks';
import type { Status } from '../../domain/status';
import { NOTE_MAX_LENGTH } from '../../domain/status-notes';
import { APPLICANT_NOTE_MAX_LENGTH } from '../../domain/transition';
import { useOfficeText } from '../use-office-text';
import { officeApi, type OfficeErrorCode } from '../office-api';
import { useSession } from '../session';
import { EstimateField } from './EstimateField';
import { issueText } from './issue-text';
import { NoteArea } from './NoteArea';
import { SurveyDayField } from './SurveyDayField';
import { DRAFT_FIELDS, draftIssues, EMPTY_DRAFT, issuesByField, transitionInput, type DraftField, type TransitionDraft } from './transition-draft';

export type MoveOutcome = { kind: 'moved'; status: Status } | { kind: 'failed'; code: OfficeErrorCode };

type Issues = Partial<Record<DraftField, string>>;

/** The stages whose SMS gives the note to the applicant as the reason (server/notify/status-message-text.ts). */
const GIVES_REASON: readonly string[] = ['objection', 'rejected', 'cancelled'] satisfies Status[];

export interface TransitionFormProps {
  /** The application's id and the stages the server offers next. */
  detail: { id: string; next: readonly Status[] };
  /** The days the applicant asked for a survey, offered first when scheduling one. */
  preferredDays: readonly string[];
  onDone(outcome: MoveOutcome): void;
}

/**
 * Moving the application to one of the stages the server offers. Every move has the
 * office's own note; it may say something to the applicant, in a field of its own; a
 * survey carries its day and an estimate its amount. The draft is judged as the server
 * judges it before it is sent, and a 422 that still comes (the day turned meanwhile) is
 * shown on the same fields, with the form as the officer left it. For an objection the
 * note is the reason the kiosk shows the applicant, so the form says so.
 */
export function TransitionForm({ detail, preferredDays, onDone }: TransitionFormProps) {
  const o = useOfficeText();
  const { t, text, tKey } = o;
  const { expire } = useSession();
  const [draft, setDraft] = useState<TransitionDraft>(EMPTY_DRAFT);
  const [issues, setIssues] = useState<Issues>({});
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const refs = {
    to: useRef<HTMLSelectElement>(null),
    surveyDate: useRef<HTMLInputElement>(null),
    estimateAmount: useRef<HTMLInputElement>(null),
    note: useRef<HTMLTextAreaElement>(null),
    applicantNote: useRef<HTMLTextAreaElement>(null),
  };
  const now = Date.now();
  const objection = draft.to === 'objection';
  // Mending a field takes its message away; the others stay until the next try.
  const set = (change: Partial<TransitionDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    const mended = Object.keys(change).map((key) => (key === 'estimate' ? 'estimateAmount' : key));
    setIssues((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !mended.includes(field))));
  };
  const message = (field: DraftField) => {
    const code = issues[field];
    return code ? issueText(o, field, code, now) : undefined;
  };
  const showIssues = (found: Issues) => {
    setIssues(found);
    // The keyboard goes to the first field to mend, in the order the form shows them.
    const first = DRAFT_FIELDS.find((field) => found[field]);
    if (first) refs[first].current?.focus();
  };

  async function submit(event: Event) {
    event.preventDefault();
    setRefused(false);
    const found = draftIssues(draft, Date.now());
    showIssues(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const result = await officeApi.transition(detail.id, transitionInput(draft));
    setBusy(false);
    if (!result.ok && result.code === 'unauthorized') return expire();
    if (!result.ok && result.code === 'invalid' && result.issues?.length) {
      // Refused as a whole: nothing changed, so the form keeps what was typed.
      setRefused(true);
      return showIssues(issuesByField(result.issues));
    }
    onDone(result.ok ? { kind: 'moved', status: result.value.status } : { kind: 'failed', code: result.code });
  }

  const toError = message('to');
  return (
    <form class="office-section office-action" onSubmit={submit} noValidate aria-labelledby="action-title" data-testid="transition-form">
      <h2 id="action-title">{text('action.title')}</h2>
      {refused ? (
        <p class="office-error" role="alert" data-testid="transition-refused">
          {text('action.refused')}
        </p>
      ) : null}
      <div class={`field${toError ? ' field--error' : ''}`}>
        <label for="action-to">{text('action.to')}</label>
        <select
          id="action-to"
          name="to"
          ref={refs.to}
          value={draft.to}
          required
          aria-invalid={toError ? 'true' : undefined}
          aria-describedby={toError ? 'action-to-error' : undefined}
          onChange={(event) => set({ to: (event.currentTarget as HTMLSelectElement).value as Status | '' })}
        >
          <option value="">{t('form.choose')}</option>
          {detail.next.map((status) => (
            <option key={status} value={status}>
              {tKey(`serverStatus.${status}`)}
            </option>
          ))}
        </select>
        {toError ? (
          <p class="field__error" id="action-to-error">
            {toError}
          </p>
        ) : null}
      </div>
      {draft.to === 'survey_scheduled' ? (
        <SurveyDayField preferred={preferredDays} value={draft.surveyDate} now={now} error={message('surveyDate')} inputRef={refs.surveyDate} onValue={(surveyDate) => set({ surveyDate })} />
      ) : null}
      {draft.to === 'estimate_issued' ? <EstimateField value={draft.estimate} error={message('estimateAmount')} inputRef={refs.estimateAmount} onValue={(estimate) => set({ estimate })} /> : null}
      <NoteArea
        id="action-note"
        label={objection ? text('action.reason') : text('action.note')}
        hint={objection ? text('action.reasonHint') : text('action.noteHint')}
        value={draft.note}
        maxLength={NOTE_MAX_LENGTH}
        required
        error={message('note')}
        inputRef={refs.note}
        onValue={(note) => set({ note })}
      />
      <NoteArea
        id="action-applicant-note"
        label={text('action.applicantNote')}
        hint={GIVES_REASON.includes(draft.to) ? text('action.applicantNoteReasonHint') : text('action.applicantNoteHint')}
        value={draft.applicantNote}
        maxLength={APPLICANT_NOTE_MAX_LENGTH}
        error={message('applicantNote')}
        inputRef={refs.applicantNote}
        onValue={(applicantNote) => set({ applicantNote })}
      />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? text('action.busy') : text('action.submit')}
        </button>
      </div>
    </form>
  );
}
