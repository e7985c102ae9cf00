import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { validateRequestData } from '../../domain/envelope';
import type { DocumentKind } from '../../domain/requests';
import type { ValidationIssue } from '../../domain/validation-codes';
import { useApp } from '../../ui/app-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useI18n } from '../../ui/i18n-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { attachDocument, listDocuments, removeDocument } from '../../store/documents';
import { discardDraft, saveDraft, type DraftChange } from '../../store/drafts';
import { submitFiling } from '../../store/filings';
import { classifyStorageError } from '../../store/storage-errors';
import type { Draft, Filing, FormValues, StoredDocument } from '../../store/types';
import { DocumentError, processDocument } from '../../ui/documents/process-document';
import { DocumentsStep } from '../../ui/documents/DocumentsStep';
import { FieldRenderer } from './FieldRenderer';
import { fieldId } from '../../ui/fields/field-ids';
import { REVIEW_STEP, type FormSpec } from '../form-spec';
import { nameOf, stepOfIssue, toRequestData } from '../form-values';
import { useAutosave } from '../../ui/use-autosave';
import { ReviewStep } from './ReviewStep';
import { Stepper } from './Stepper';

export interface StepFormProps {
  spec: FormSpec;
  draftId: string;
  draft?: Draft;
  onSubmitted(filing: Filing): void;
  onDiscarded(): void;
}

interface FormState {
  values: FormValues;
  step: string;
  /** The id of the control that last had focus. */
  field?: string;
}

const NO_DOCUMENTS: StoredDocument[] = [];
const NO_ISSUES: readonly ValidationIssue[] = [];

/** A message key for a failed write, in the terms the operator needs. */
function storageMessage(error: unknown): 'storage.quota' | 'storage.failed' {
  return classifyStorageError(error) === 'quota' ? 'storage.quota' : 'storage.failed';
}

/**
 * Any request type's form: its steps, then a review, then submit. Every change is saved
 * to the draft; each step is checked on its own, so a mistake blocks only its own step.
 */
export function StepForm({ spec, draftId, draft, onSubmitted, onDiscarded }: StepFormProps) {
  const { db } = useApp();
  const { t, tKey } = useI18n();
  const [form, setForm] = useState<FormState>(() => ({
    values: draft ? draft.values : { ...spec.defaults },
    step: draft?.step ?? spec.steps[0]!.id,
    field: draft?.field,
  }));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [checkedSteps, setCheckedSteps] = useState<ReadonlySet<string>>(new Set());
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | undefined>();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const documents = useLiveQuery(() => listDocuments(db, draftId), [draftId]) ?? NO_DOCUMENTS;

  const draftChange = (state: FormState): DraftChange => ({
    id: draftId,
    type: spec.type,
    values: state.values,
    step: state.step,
    ...(state.field ? { field: state.field } : {}),
    name: nameOf(spec, state.values),
  });
  const autosave = useAutosave(form, (state) => saveDraft(db, draftChange(state)));

  // Resume exactly where the operator left off: the saved step, and its field.
  useEffect(() => {
    if (form.field) document.getElementById(form.field)?.focus();
  }, []);

  const steps = [...spec.steps, { id: REVIEW_STEP, title: 'form.step.review' as const, fields: [] }];
  const index = Math.max(0, steps.findIndex((step) => step.id === form.step));
  const step = steps[index]!;

  const checked = useMemo(
    () => validateRequestData(spec.type, toRequestData(spec, form.values), new Date().toISOString(), documents),
    [spec, form.values, documents],
  );
  const issues: readonly ValidationIssue[] = checked.ok ? NO_ISSUES : checked.issues;
  const issuesOf = (stepId: string) => issues.filter((issue) => stepOfIssue(spec, issue.path)?.id === stepId);

  const errorOf = useCallback(
    (path: string) => {
      const issue = issues.find((candidate) => candidate.path === path);
      if (!issue) return undefined;
      const shown = touched.has(path) || checkedSteps.has(stepOfIssue(spec, path)?.id ?? '');
      return shown ? tKey(`validation.${issue.code}`) : undefined;
    },
    [issues, touched, checkedSteps, spec, tKey],
  );

  const set = (path: string, value: string | boolean) => setForm((state) => ({ ...state, values: { ...state.values, [path]: value } }));
  const touch = (path: string) => setTouched((previous) => (previous.has(path) ? previous : new Set(previous).add(path)));

  const goTo = (stepId: string) => {
    const from = document.activeElement;
    setForm((state) => ({ ...state, step: stepId, field: undefined }));
    // After the new step has rendered (a timer, not a frame: frames pause in a hidden tab), its
    // heading takes the focus so a screen reader announces the step — unless the operator has
    // already put the focus somewhere else, say in the new step's first field: never pull it away
    // mid-keystroke.
    setTimeout(() => {
      const now = document.activeElement;
      if (now && now !== from && now !== document.body) return;
      window.scrollTo(0, 0);
      headingRef.current?.focus();
    });
  };

  const focusFirstProblem = (problems: readonly ValidationIssue[]) => {
    for (const problem of problems) {
      const control = document.getElementById(fieldId(problem.path)) ?? document.querySelector<HTMLElement>(`[data-path="${problem.path}"] input, [data-path="${problem.path}"] select`);
      if (control) {
        control.focus();
        return;
      }
    }
  };

  const next = () => {
    const problems = issuesOf(step.id);
    if (problems.length) {
      setCheckedSteps((previous) => new Set(previous).add(step.id));
      setTimeout(() => focusFirstProblem(problems));
      return;
    }
    goTo(steps[index + 1]!.id);
  };

  const submit = async () => {
    if (submitting) return;
    setSubmitError(undefined);
    if (issues.length) {
      setCheckedSteps(new Set(spec.steps.map((candidate) => candidate.id)));
      return;
    }
    setSubmitting(true);
    autosave.cancel();
    try {
      const result = await submitFiling(db, { id: draftId, type: spec.type, data: toRequestData(spec, form.values) });
      if (result.ok) onSubmitted(result.filing);
      else {
        autosave.resume();
        setCheckedSteps(new Set(spec.steps.map((candidate) => candidate.id)));
      }
    } catch (error) {
      console.error('sahej: submit failed', error);
      autosave.resume();
      setSubmitError(t(storageMessage(error)));
    } finally {
      setSubmitting(false);
    }
  };

  const addDocument = async (kind: DocumentKind, file: File) => {
    let processed;
    try {
      processed = await processDocument(file, kind);
    } catch (error) {
      throw new Error(error instanceof DocumentError ? `documents.error.${error.problem}` : 'documents.error.document.unreadable');
    }
    try {
      await attachDocument(db, draftChange(form), processed);
    } catch (error) {
      console.error('sahej: document save failed', error);
      throw new Error(storageMessage(error));
    }
  };

  const onFocusIn = (event: FocusEvent) => {
    const id = (event.target as HTMLElement).id;
    if (id.startsWith('f-') && id !== form.field) setForm((state) => ({ ...state, field: id }));
  };

  // Pressing a navigation button must not first blur the field being typed in: the blur
  // would show that field's message, move the button down, and the press would miss it.
  const keepFocus = (event: MouseEvent) => event.preventDefault();

  const saveMessage =
    autosave.state === 'failed' ? t(storageMessage(autosave.error)) : autosave.state === 'saved' ? t('form.saved') : '\u00a0';
  const problemSteps = new Set([...checkedSteps].filter((stepId) => issuesOf(stepId).length));
  // Issues about a group (three distinct dates) rather than one field are shown under the step.
  const fieldPaths = new Set(step.fields.flatMap((field) => (field.kind === 'id-proof' ? [`${field.path}.type`, `${field.path}.last4`] : [field.path])));
  const orphanIssues = checkedSteps.has(step.id) ? issuesOf(step.id).filter((issue) => !fieldPaths.has(issue.path) && !issue.path.startsWith('documents')) : [];

  return (
    <form class="form" noValidate onSubmit={(event) => event.preventDefault()} onFocusIn={onFocusIn} data-form-type={spec.type}>
      <h1>{t(spec.title)}</h1>
      <Stepper steps={steps} current={step.id} withProblems={problemSteps} onGo={goTo} />
      <p class={`save-state${autosave.state === 'failed' ? ' save-state--failed' : ''}`} role={autosave.state === 'failed' ? 'alert' : undefined} aria-live="polite" data-testid="save-state">
        {saveMessage}
      </p>
      <fieldset class="section" data-step={step.id}>
        <legend class="visually-hidden">{t(step.title)}</legend>
        <h2 ref={headingRef} tabIndex={-1} class="step-title">
          {t('form.stepOf', { n: index + 1, total: steps.length })} · {t(step.title)}
        </h2>
        {step.id === REVIEW_STEP ? (
          <ReviewStep spec={spec} values={form.values} filed={checked.ok ? checked.data : undefined} documents={documents} issues={issues} showProblems onEdit={goTo} />
        ) : 'documents' in step && step.documents ? (
          <DocumentsStep
            type={spec.type}
            documents={documents}
            onAdd={addDocument}
            onRemove={(document) => removeDocument(db, document)}
            errorOf={errorOf}
          />
        ) : (
          step.fields.map((field) => <FieldRenderer key={field.path} spec={spec} field={field} values={form.values} set={set} touch={touch} errorOf={errorOf} />)
        )}
        {orphanIssues.map((issue) => (
          <p class="field__error" role="alert" key={issue.path} data-path={issue.path}>
            {tKey(`validation.${issue.code}`)}
          </p>
        ))}
      </fieldset>
      {submitError ? (
        <p class="form__summary" role="alert">
          {submitError}
        </p>
      ) : null}
      <div class="actions actions--row">
        {index > 0 ? (
          <button type="button" class="button" onMouseDown={keepFocus} onClick={() => goTo(steps[index - 1]!.id)}>
            {t('form.back')}
          </button>
        ) : null}
        {step.id === REVIEW_STEP ? (
          <button type="button" class="button button--primary" disabled={submitting} onMouseDown={keepFocus} onClick={() => void submit()}>
            {t('form.submit')}
          </button>
        ) : (
          <button type="button" class="button button--primary" onMouseDown={keepFocus} onClick={next}>
            {t('form.next')}
          </button>
        )}
      </div>
      <button type="button" class="button button--quiet" onClick={() => setConfirmDiscard(true)}>
        {t('draft.discard')}
      </button>
      <ConfirmDialog
        open={confirmDiscard}
        message={t('draft.discardConfirm')}
        confirmLabel={t('draft.discard')}
        onCancel={() => setConfirmDiscard(false)}
        onConfirm={async () => {
          setConfirmDiscard(false);
          autosave.cancel();
          await discardDraft(db, draftId);
          onDiscarded();
        }}
      />
    </form>
  );
}
