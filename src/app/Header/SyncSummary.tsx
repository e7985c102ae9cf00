import { queueSummary } from '../../sync/outbox';
import { useI18n } from '../../ui/i18n-context';
import { linkTo } from '../../ui/router';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { useOnline } from '../../ui/use-online';
import { headerState, type HeaderState } from './header-state';

/** The header's count of what is still to send; it reads the queue, so it comes with the kiosk's chunk (src/app/kiosk.ts). */
export function SyncSummary() {
  const { db } = useApp();
  const { t } = useI18n();
  const online = useOnline();
  const summary = useLiveQuery(() => queueSummary(db), []);
  const state = summary ? headerState(summary, online) : undefined;
  return (
    <a class={`header__sync${state ? ` header__sync--${state.kind}` : ''}`} {...linkTo({ name: 'status' })} aria-live="polite" data-testid="pending-count" data-state={state?.kind}>
      {state ? text(state, t) : '\u00a0'}
    </a>
  );
}

function text(state: HeaderState, t: ReturnType<typeof useI18n>['t']): string {
  switch (state.kind) {
    case 'offline':
      return state.pending ? t('sync.offlinePending', { n: state.pending }) : t('sync.offline');
    case 'sending':
      return t('sync.pendingCount', { n: state.pending });
    case 'attention':
      return t('sync.attentionCount', { n: state.attention });
    case 'all-sent':
      return t('sync.allSent');
  }
}
