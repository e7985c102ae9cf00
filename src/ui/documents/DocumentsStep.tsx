import { useState } from 'preact/hooks';
import type { DocumentKind } from '../../domain/requests';
import { REQUESTS, type RequestType } from '../../domain/requests';
import { useI18n } from '../i18n-context';
import type { StoredDocument } from '../../store/types';
import { fieldId } from '../fields/field-ids';
import { DocumentList } from './DocumentList';
import { DocumentPicker } from './DocumentPicker';

export interface DocumentsStepProps {
  type: RequestType;
  documents: readonly StoredDocument[];
  /** Processes and stores the file; rejects with a message key when it cannot. */
  onAdd(kind: DocumentKind, file: File): Promise<void>;
  onRemove(document: StoredDocument): Promise<void>;
  errorOf(path: string): string | undefined;
}

export function DocumentsStep({ type, documents, onAdd, onRemove, errorOf }: DocumentsStepProps) {
  const { t, tKey } = useI18n();
  const [busy, setBusy] = useState<DocumentKind | undefined>();
  const [problem, setProblem] = useState<{ kind: DocumentKind; message: string } | undefined>();
  const request = REQUESTS[type];

  const add = async (kind: DocumentKind, file: File) => {
    setBusy(kind);
    setProblem(undefined);
    try {
      await onAdd(kind, file);
    } catch (error) {
      setProblem({ kind, message: tKey(error instanceof Error ? error.message : 'documents.error.save') });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div class="documents">
      <p class="section__hint">{t('documents.hint')}</p>
      {request.documentKinds.map((kind) => {
        const required = request.requiredDocuments.includes(kind);
        const ofKind = documents.filter((document) => document.kind === kind);
        const path = `documents.${kind}`;
        const error = problem?.kind === kind ? problem.message : errorOf(path);
        const label = tKey(`documents.kind.${kind}`);
        return (
          <section class={`document-kind${error ? ' field--error' : ''}`} key={kind} data-path={path} aria-labelledby={`${fieldId(path)}-label`}>
            <h3 id={`${fieldId(path)}-label`}>
              {label}
              {required ? <span class="field__required"> *</span> : <span class="document-kind__optional"> ({t('documents.optional')})</span>}
            </h3>
            {ofKind.length ? <DocumentList documents={ofKind} label={label} onRemove={(document) => void onRemove(document)} /> : null}
            <DocumentPicker id={fieldId(path)} label={label} disabled={busy !== undefined} onFile={(file) => void add(kind, file)} />
            {busy === kind ? <p aria-live="polite">{t('documents.processing')}</p> : null}
            {error ? (
              <p class="field__error" role="alert" id={`${fieldId(path)}-error`}>
                {error}
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
