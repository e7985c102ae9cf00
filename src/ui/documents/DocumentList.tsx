import { useI18n } from '../i18n-context';
import type { StoredDocument } from '../../store/types';
import { DocumentThumb } from './DocumentThumb';

type Listed = Pick<StoredDocument, 'kind' | 'sha256' | 'size' | 'thumb'>;

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Documents taken so far, each with its thumbnail, size and a remove button. */
export function DocumentList<T extends Listed>({ documents, label, onRemove, testId }: { documents: readonly T[]; label: string; onRemove(document: T): void; testId?: string }) {
  const { t } = useI18n();
  return (
    <ul class="document-list" data-testid={testId}>
      {documents.map((document) => (
        <li key={`${document.kind}/${document.sha256}`} data-testid="document" data-kind={document.kind} data-sha256={document.sha256}>
          <DocumentThumb document={document} alt={label} />
          <span class="document-list__meta">{formatSize(document.size)}</span>
          <button type="button" class="button button--small" onClick={() => onRemove(document)}>
            {t('documents.remove')}
            <span class="visually-hidden"> {label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
