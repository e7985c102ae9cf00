import { useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';

type State = { kind: 'ready' } | { kind: 'busy' } | { kind: 'done'; applicationNo: string } | { kind: 'failed'; code: string };

/**
 * The page the link in the applicant's SMS opens (`/v/#token`). It asks before confirming,
 * so a link preview that runs the page does not confirm on the applicant's behalf.
 */
export function VerifyMobile({ token }: { token: string }) {
  const { api } = useApp();
  const { t, errorText } = useI18n();
  const [state, setState] = useState<State>(token ? { kind: 'ready' } : { kind: 'failed', code: 'not_found' });
  return (
    <main class="verify-mobile" data-testid="verify-mobile">
      <h1>{t('mobile.link.title')}</h1>
      {state.kind === 'done' ? (
        <p class="verdict verdict--good" role="status" data-testid="mobile-verified">
          {t('mobile.link.done', { no: state.applicationNo })}
        </p>
      ) : (
        <>
          <p>{t('mobile.link.explain')}</p>
          {state.kind === 'failed' ? (
            <p class="verdict verdict--bad" role="alert">
              {state.code === 'not_found' ? t('mobile.link.unknown') : errorText(state.code)}
            </p>
          ) : null}
          <button
            type="button"
            class="button button--primary"
            disabled={state.kind === 'busy' || !token}
            onClick={async () => {
              setState({ kind: 'busy' });
              const answer = await api.verifyMobileLink(token);
              setState(answer.ok ? { kind: 'done', applicationNo: answer.applicationNo } : { kind: 'failed', code: answer.code });
            }}
          >
            {t('mobile.link.confirm')}
          </button>
        </>
      )}
    </main>
  );
}
