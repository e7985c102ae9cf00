import { useEffect, useState } from 'preact/hooks';
import type { RequestType } from '../../domain/requests';
import { FORMS } from '../../forms/registry';
import { StepForm } from '../../forms/StepForm';
import { requestBackgroundSync } from '../../sync/browser-triggers';
import { loadDraft } from '../../store/drafts';
import type { Draft } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';
import { navigate } from '../../ui/router';
import { useApp } from '../../ui/app-context';

/**
 * The form for one draft. A new form already has its id in the address, so a reload
 * before the first keystroke opens an empty form and after it the saved draft.
 */
export function DraftScreen({ type, draftId }: { type: RequestType; draftId: string }) {
  const { db, engine } = useApp();
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft | null | undefined>(undefined);

  useEffect(() => {
    loadDraft(db, draftId).then(
      (found) => setDraft(found ?? null),
      () => setDraft(null),
    );
  }, [draftId]);

  if (draft === undefined) return <p class="loading">{t('common.loading')}</p>;
  return (
    <main>
      <StepForm
        spec={FORMS[draft?.type ?? type]}
        draftId={draftId}
        draft={draft ?? undefined}
        onSubmitted={(filing) => {
          engine.kick('submitted');
          void requestBackgroundSync();
          navigate({ name: 'filing', id: filing.id }, { replace: true });
        }}
        onDiscarded={() => navigate({ name: 'home' }, { replace: true })}
      />
    </main>
  );
}
