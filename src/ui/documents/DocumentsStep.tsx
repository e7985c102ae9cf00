import { useState } from 'preact/hooks';
import type { DocumentKind } from '../../domain/requests';
import { REQUESTS, type RequestType } from '../../domain/requests';
import { useI18n } from '../i18n-context';
import type { StoredDocument } from '../../store/types';
import { fieldId } from '../fields/field-ids';
import { DocumentThumb } from './DocumentThumb';

export interface DocumentsStepProps {
  type: RequestType;
  documents: readonly StoredDocument[];
  /** Processes and stores the file; rejects with a message key when it cannot. */
  onAdd(kind: DocumentKind, file: File): Promise<void>;
  onRemove(document: StoredDocument): Promise<void>;
  errorOf(path: string): string | undefined;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function DocumentsStep({ type, documents, onAdd, onRemove, errorOf }: DocumentsStepProps) {
  const { t, tKey } = useI18n();
  const [busy, setBusy] = useState<DocumentKind | undefined>();
  const [problem, setProblem] = useState<{ kind: DocumentKind; message: string } | undefined>();
  const request = REQUESTS[type];

  const add = async (kind: DocumentKind, input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
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
            {ofKind.length ? (
              <ul class="document-list">
                {ofKind.map((document) => (
                  <li key={`${document.kind}/${document.sha256}`} data-testid="document" data-kind={kind} data-sha256={document.sha256}>
                    <DocumentThumb document={document} alt={label} />
                    <span class="document-list__meta">{formatSize(document.size)}</span>
                    <button type="button" class="button button--small" onClick={() => void onRemove(document)}>
                      {t('documents.remove')}
                      <span class="visually-hidden"> {label}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            <div class="document-actions">
              <label class="button file-button">
                <input
                  id={fieldId(path)}
                  class="visually-hidden"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  disabled={busy !== undefined}
                  onChange={(event) => void add(kind, event.currentTarget)}
                />
                {t('documents.camera')}
                <span class="visually-hidden"> {label}</span>
              </label>
              <label class="button file-button">
                <input
                  class="visually-hidden"
                  type="file"
                  accept="image/*,application/pdf"
                  disabled={busy !== undefined}
                  onChange={(event) => void add(kind, event.currentTarget)}
                />
                {t('documents.file')}
                <span class="visually-hidden"> {label}</span>
              </label>
            </div>
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
