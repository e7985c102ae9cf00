import { useRegisterSW } from 'virtual:pwa-register/preact';
import { flushAutosaves } from '../../ui/use-autosave';
import { useI18n } from '../../ui/i18n-context';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * A new version is offered, never forced: the operator may be mid-form. Accepting it
 * first writes any draft change still waiting for autosave, then reloads.
 */
export function UpdatePrompt() {
  const { t } = useI18n();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (registration) setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
  if (!needRefresh) return null;
  return (
    <div class="update-prompt" role="status" data-testid="update-prompt">
      <p>{t('update.available')}</p>
      <button
        type="button"
        class="button button--primary"
        onClick={async () => {
          await flushAutosaves();
          // The plugin reloads only pages that were controlled when they loaded; a kiosk
          // enrolled on its first visit is not, so reload when the new worker takes over.
          navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
          await updateServiceWorker(true);
        }}
      >
        {t('update.reload')}
      </button>
      <button type="button" class="button" onClick={() => setNeedRefresh(false)}>
        {t('update.later')}
      </button>
    </div>
  );
}
