import { useI18n } from '../i18n-context';
import { useEffect, useState } from 'preact/hooks';
import type { StoredDocument } from '../../store/types';

/** A document's thumbnail (or a PDF badge), from its stored Blob. */
export function DocumentThumb({ document, alt }: { document: Pick<StoredDocument, 'thumb'>; alt: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (!document.thumb) return;
    const objectUrl = URL.createObjectURL(document.thumb);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [document.thumb]);
  if (!document.thumb) {
    return (
      <span class="thumb thumb--pdf" role="img" aria-label={alt} data-testid="document-thumb">
        {t('documents.pdfBadge')}
      </span>
    );
  }
  return url ? <img class="thumb" src={url} alt={alt} data-testid="document-thumb" /> : <span class="thumb" />;
}
