import { useOfficeText } from '../use-office-text';
import { documentUrl, type DocumentInfo } from '../office-api';

/** Photos as thumbnails, PDFs as links (both open in full in a new tab); documents not yet uploaded say so. */
export function DocumentLinks({ documents }: { documents: readonly DocumentInfo[] }) {
  const { text, tKey } = useOfficeText();
  return (
    <ul class="document-list office-documents">
      {documents.map((document) => {
        const kind = tKey(`documents.kind.${document.kind}`);
        return (
          <li key={document.sha256} data-testid="office-document" data-sha256={document.sha256} data-present={String(document.present)}>
            {!document.present ? (
              <span class="thumb office-documents__missing">{text('detail.notReceived')}</span>
            ) : document.mime === 'application/pdf' ? (
              <a class="thumb thumb--pdf" href={documentUrl(document.sha256)} target="_blank" rel="noopener">
                {text('detail.pdfBadge')}
                <span class="visually-hidden">
                  {' '}
                  {text('detail.openPdf')}: {kind}
                </span>
              </a>
            ) : (
              <a href={documentUrl(document.sha256)} target="_blank" rel="noopener" class="office-documents__image">
                <img class="thumb" src={documentUrl(document.sha256)} alt={kind} loading="lazy" width={96} height={96} />
              </a>
            )}
            <span class="document-list__meta">{kind}</span>
          </li>
        );
      })}
    </ul>
  );
}
