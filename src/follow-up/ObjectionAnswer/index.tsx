import { useState } from 'preact/hooks';
import { addDaysToInstant } from '../../domain/dates';
import { MAX_ADDITION_DOCUMENTS } from '../../domain/addition';
import { OBJECTION_ANSWER_DAYS } from '../../domain/status';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
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
  if (filing.serverStatus !== 'objection' && !answers?.length) return null;
  const open = filing.serverStatus === 'objection';
  const answerBy = filing.statusAt ? addDaysToInstant(filing.statusAt, OBJECTION_ANSWER_DAYS) : undefined;
  const waiting = answers?.some((answer) => answer.state !== 'received');

  async function pick(files: FileList | null) {
    setMessage(undefined);
    for (const file of Array.from(files ?? []).slice(0, MAX_ADDITION_DOCUMENTS - documents.length)) {
      try {
        const processed = await processDocument(file, 'other');
        setDocuments((current) => (current.some((document) => document.sha256 === processed.sha256) ? current : [...current, processed]));
      } catch (error) {
        setMessage(error instanceof DocumentError ? tKey(`documents.error.${error.problem}`) : t('documents.error.document.unreadable'));
      }
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
    <section class="follow-up no-print" data-testid="objection" aria-labelledby="objection-title">
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
          <div class="field">
            <label for="objection-files">{t('objection.addDocuments', { max: MAX_ADDITION_DOCUMENTS })}</label>
            <input id="objection-files" type="file" accept="image/*,application/pdf" multiple disabled={documents.length >= MAX_ADDITION_DOCUMENTS} onChange={(event) => void pick(event.currentTarget.files)} />
            {documents.length ? <p data-testid="objection-picked">{t('objection.documents', { count: documents.length })}</p> : null}
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
