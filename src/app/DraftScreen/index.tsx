import { useEffect, useState } from 'preact/hooks';
import type { RequestType } from '../../domain/requests';
import { FORMS } from '../../forms/registry';
import { StepForm } from '../../forms/StepForm';
import { loadDraft } from '../../store/drafts';
import type { Draft } from '../../store/types';
import { useI18n } from '../../ui/i18n-context';
import { navigate } from '../../ui/router';
import { useApp } from '../../ui/app-context';
import { useWebLock } from '../../ui/use-web-lock';

/**
 * The form for one draft. A new form already has its id in the address, so a reload
 * before the first keystroke opens an empty form and after it the saved draft.
 */
export function DraftScreen({ type, draftId }: { type: RequestType; draftId: string }) {
  const { db, engine } = useApp();
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft | null | undefined>(undefined);
  // One tab edits a draft; a second one only shows it, so neither overwrites the other.
  const lock = useWebLock(`sahej-draft-${draftId}`);

  useEffect(() => {
    if (lock === 'checking') return;
    // Loaded again when this tab takes over, with what the other tab saved, into a fresh form.
    setDraft(undefined);
    loadDraft(db, draftId).then(
      (found) => setDraft(found ?? null),
      () => setDraft(null),
    );
  }, [draftId, lock]);

  if (draft === undefined || lock === 'checking') return <p class="loading">{t('common.loading')}</p>;
  const readOnly = lock === 'elsewhere';
  return (
    <main>
      {readOnly ? (
        <p class="form__summary" role="status" data-testid="draft-elsewhere">
          {t('draft.openElsewhere')}
        </p>
      ) : null}
      <fieldset class="draft-screen" disabled={readOnly}>
        <StepForm
          spec={FORMS[draft?.type ?? type]}
          draftId={draftId}
          draft={draft ?? undefined}
          onSubmitted={(filing) => {
            // Also registers Background Sync (src/sync/browser-triggers.ts), so the worker sends it if this page closes.
            engine.kick('submitted');
            navigate({ name: 'filing', id: filing.id }, { replace: true });
          }}
          onDiscarded={() => navigate({ name: 'home' }, { replace: true })}
        />
      </fieldset>
    </main>
  );
}
