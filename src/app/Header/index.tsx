import type { ComponentType } from 'preact';
import { useI18n } from '../../ui/i18n-context';
import { linkTo } from '../../ui/router';

/**
 * The shell's header, drawn in the first paint. On an enrolled kiosk the shell passes the
 * sync summary (`SyncSummary`, from the kiosk's chunk, since it reads the queue); without it
 * the header is a phone's that is no kiosk, or a kiosk still opening its storage.
 */
export function Header({ SyncSummary }: { SyncSummary?: ComponentType | undefined }) {
  const { t, lang, setLang } = useI18n();
  return (
    <header class="header">
      {/* On a phone that is no kiosk (an applicant checking a receipt) the name leads to their receipts, never to enrollment. */}
      <a class="header__title" {...linkTo(SyncSummary ? { name: 'home' } : { name: 'receipts' })}>
        {t('app.name')}
      </a>
      {SyncSummary ? <SyncSummary /> : <span class="header__sync" />}
      <button type="button" class="button button--small button--on-brand" lang={lang === 'hi' ? 'en' : 'hi'} onClick={() => setLang(lang === 'hi' ? 'en' : 'hi')}>
        {t('lang.switch')}
      </button>
    </header>
  );
}
