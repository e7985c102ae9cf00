import { useState } from 'preact/hooks';
import { addDaysToInstant } from '../../domain/dates';
import { MAX_ADDITION_DOCUMENTS } from '../../domain/addition';
import { OBJECTION_ANSWER_DAYS } from '../../domain/status';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { DocumentList } from '../../ui/documents/DocumentList';
import { DocumentPicker } from '../../ui/documents/DocumentPicker';
import { DocumentError, processDocument } from '../../ui/documents/process-document';
import { additionsOf, saveObjectionAnswer } from '../../store/additions';
import { classifyStorageError } from '../../store/storage-errors';
import type { Filing, StoredDocument } from '../../store/types';
import { formatDate } from '../../domain/format-dates';

type Picked = Omit<StoredDocument, 'ownerId' | 'addedAt'>;

/**
 * An objection the office raised, and the applicant's answer taken at the kiosk: offline
 * like a filing, with any new documents, sent when the network allows. Answering sends the
 * application back for review.
 */
export function ObjectionAnswer({ filing }: { filing: Filing }) {
  const { db, engine } = useApp();
  const { t, tKey, lang } = useI18n();
  const answers = useLiveQuery(() => additionsOf(db, filing.id), [filing.id]);
  const [text, setText] = useState('');
  const [documents, setDocuments] = useState<Picked[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [processing, setProcessing] = useState(false);
  if (filing.serverStatus !== 'objection' && !answers?.length) return null;
  const open = filing.serverStatus === 'objection';
  const answerBy = filing.statusAt ? addDaysToInstant(filing.statusAt, OBJECTION_ANSWER_DAYS) : undefined;
  const waiting = answers?.some((answer) => answer.state !== 'received');

  // Compressed and thumbnailed like the form's documents; kept in memory until the answer is saved.
  async function pick(file: File) {
    setMessage(undefined);
    setProcessing(true);
    try {
      const processed = await processDocument(file, 'other');
      setDocuments((current) => (current.some((document) => document.sha256 === processed.sha256) || current.length >= MAX_ADDITION_DOCUMENTS ? current : [...current, processed]));
    } catch (error) {
      setMessage(error instanceof DocumentError ? tKey(`documents.error.${error.problem}`) : t('documents.error.document.unreadable'));
    } finally {
      setProcessing(false);
    }
  }

  async function save() {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await saveObjectionAnswer(db, filing.id, text, documents);
      if (!saved.ok) {
        setMessage(tKey(`validation.${saved.issues[0]!.code}`));
        return;
      }
      setText('');
      setDocuments([]);
      engine.kick('submitted');
    } catch (error) {
      setMessage(classifyStorageError(error) === 'quota' ? t('storage.quota') : t('storage.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class={`follow-up no-print${open ? ' follow-up--open' : ''}`} data-testid="objection" aria-labelledby="objection-title">
      <h2 id="objection-title">{open ? t('objection.title') : t('objection.answered')}</h2>
      {open && filing.statusNote ? <p class="follow-up__reason" data-testid="objection-reason">{filing.statusNote}</p> : null}
      {open && answerBy ? <p>{t('objection.answerBy', { date: formatDate(answerBy, lang) })}</p> : null}
      {answers?.length ? (
        <ul class="list">
          {answers.map((answer) => (
            <li class="list__item" key={answer.id} data-testid="objection-answer" data-state={answer.state}>
              <span class="list__main">{answer.addition.text}</span>
              <span class="list__meta">
                {tKey(`objection.state.${answer.state}`)}
                {answer.addition.documents.length ? ` · ${t('objection.documents', { count: answer.addition.documents.length })}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {open && !waiting ? (
        <form
          class="follow-up__form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <div class="field">
            <label for="objection-text">{t('objection.answerLabel')}</label>
            <textarea id="objection-text" rows={3} maxLength={1000} value={text} onInput={(event) => setText(event.currentTarget.value)} />
          </div>
          <div class="follow-up__documents" role="group" aria-labelledby="objection-files-label">
            <p class="follow-up__label" id="objection-files-label">
              {t('objection.addDocuments', { max: MAX_ADDITION_DOCUMENTS })}
            </p>
            {documents.length ? (
              <DocumentList documents={documents} label={t('documents.kind.other')} testId="objection-picked" onRemove={(removed) => setDocuments((current) => current.filter((document) => document.sha256 !== removed.sha256))} />
            ) : null}
            <DocumentPicker id="objection-files" label={t('documents.kind.other')} disabled={processing || documents.length >= MAX_ADDITION_DOCUMENTS} onFile={(file) => void pick(file)} />
            {processing ? <p aria-live="polite">{t('documents.processing')}</p> : null}
          </div>
          {message ? (
            <p class="field__error" role="alert">
              {message}
            </p>
          ) : null}
          <button type="submit" class="button button--primary" disabled={busy}>
            {t('objection.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
