import { useMemo } from 'preact/hooks';
import { parseStatusLinkFragment } from '../../domain/receipt/status-link';
import { useI18n } from '../../ui/i18n-context';
import { ReceiptStatus } from '../StatusPanel/ReceiptStatus';
import { useReceiptStatus } from '../StatusPanel/use-receipt-status';
import { MyReceiptsLink } from '../MyReceiptsLink';

/**
 * The page an SMS's status link opens (/s/#receiptNo.check). It holds no receipt proof, so
 * there is nothing to check offline: it shows the server's status, or — offline — the last
 * one this phone saw for that receipt.
 */
export function StatusLink({ fragment }: { fragment: string }) {
  const { t } = useI18n();
  const link = useMemo(() => parseStatusLinkFragment(fragment), [fragment]);
  const state = useReceiptStatus(link);
  if (!link)
    return (
      <main role="alert" data-testid="status-link-unreadable">
        <h1>{t('statusLink.unreadable')}</h1>
      </main>
    );
  return (
    <main class="receipt" data-testid="status-link">
      <h1>{t('statusLink.title')}</h1>
      <p data-testid="status-link-receipt-no">{t('statusLink.receiptNo', { no: link.receiptNo })}</p>
      <ReceiptStatus state={state} offlineText={t('statusLink.needsNetwork')} />
      <MyReceiptsLink />
    </main>
  );
}
