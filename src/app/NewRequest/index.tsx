import { REQUEST_TYPES } from '../../domain/requests/types';
import { useI18n } from '../../ui/i18n-context';
import { navigate, newDraftRoute } from '../../ui/router';

/** Which request the applicant has come for. */
export function NewRequest() {
  const { t, tKey } = useI18n();
  return (
    <main>
      <h1>{t('new.title')}</h1>
      <ul class="choice-list">
        {REQUEST_TYPES.map((type) => (
          <li key={type}>
            <button type="button" class="button choice" onClick={() => navigate(newDraftRoute(type), { replace: true })}>
              <span class="choice__title">{tKey(`type.${type}`)}</span>
              <span class="choice__hint">{tKey(`type.${type}.hint`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
