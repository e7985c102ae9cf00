import { useI18n } from '../i18n-context';
import type { StoredDocument } from '../../store/types';
import { DocumentThumb } from './DocumentThumb';

/** Thumbnails of documents with their kinds, for the review step and the receipt. */
export function DocumentGallery({ documents, testId }: { documents: readonly StoredDocument[]; testId?: string }) {
  const { tKey } = useI18n();
  return (
    <ul class="document-list" data-testid={testId}>
      {documents.map((document) => (
        <li key={`${document.kind}/${document.sha256}`}>
          <DocumentThumb document={document} alt={tKey(`documents.kind.${document.kind}`)} />
          <span class="document-list__meta">{tKey(`documents.kind.${document.kind}`)}</span>
        </li>
      ))}
    </ul>
  );
}
