import { pendingCount } from '../../sync/outbox';
import { useI18n } from '../../ui/i18n-context';
import { linkTo } from '../../ui/router';
import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';

export function Header({ showStatus }: { showStatus: boolean }) {
  const { t, lang, setLang } = useI18n();
  return (
    <header class="header">
      <a class="header__title" {...linkTo({ name: 'home' })}>
        {t('app.name')}
      </a>
      {showStatus ? <SyncSummary /> : <span class="header__sync" />}
      <button type="button" class="button button--small button--on-brand" lang={lang === 'hi' ? 'en' : 'hi'} onClick={() => setLang(lang === 'hi' ? 'en' : 'hi')}>
        {t('lang.switch')}
      </button>
    </header>
  );
}

function SyncSummary() {
  const { db } = useApp();
  const { t } = useI18n();
  const pending = useLiveQuery(() => pendingCount(db), []);
  return (
    <a class="header__sync" {...linkTo({ name: 'status' })} aria-live="polite" data-testid="pending-count">
      {pending ? t('sync.pendingCount', { n: pending }) : t('sync.allSent')}
    </a>
  );
}
