import { useI18n } from '../../ui/i18n-context';
import { StatusPanel } from '.';
import type { ReceiptStatusState } from './use-receipt-status';

/**
 * The status part of both applicant pages: the panel (live, or the last answer seen, so
 * labelled), the server's "not here yet", or what to do without a network. `offlineText`
 * is the page's own sentence for a first visit with no network.
 */
export function ReceiptStatus({ state, offlineText }: { state: ReceiptStatusState; offlineText: string }) {
  const { t } = useI18n();
  if (state.kind === 'live' || state.kind === 'remembered') return <StatusPanel seen={state.seen} source={state.kind} />;
  if (state.kind === 'asking' && state.seen) return <StatusPanel seen={state.seen} source="asking" />;
  if (state.kind === 'unknown')
    return (
      <p class="receipt__note" role="status" data-testid="status-unknown">
        {t('verify.serverUnknown')}
      </p>
    );
  if (state.kind === 'never')
    return (
      <p class="receipt__note" role="status" data-testid="status-offline">
        {offlineText}
      </p>
    );
  return (
    <p class="loading" data-testid="status-asking">
      {t('common.loading')}
    </p>
  );
}
