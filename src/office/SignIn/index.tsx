import { useState } from 'preact/hooks';
import { useOfficeText } from '../use-office-text';
import { officeApi, type OfficeErrorCode, type Officer } from '../office-api';

// Kept as codes, not text, so a language switch re-words a message already on screen.
type Problem = { kind: 'missing' } | { kind: 'refused'; code: OfficeErrorCode; retryAfterSeconds?: number };

export function SignIn({ expired, onSignedIn }: { expired: boolean; onSignedIn(user: Officer): void }) {
  const { text, errorText } = useOfficeText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  function problemText(shown: Problem): string {
    if (shown.kind === 'missing') return text('signIn.missing');
    if (shown.code === 'rate_limited' && shown.retryAfterSeconds) return text('signIn.locked', { minutes: Math.ceil(shown.retryAfterSeconds / 60) });
    return errorText(shown.code);
  }

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!username || !password) return setProblem({ kind: 'missing' });
    setBusy(true);
    const result = await officeApi.login(username, password);
    setBusy(false);
    if (result.ok) return onSignedIn(result.value.user);
    setProblem({ kind: 'refused', code: result.code, ...(result.retryAfterSeconds ? { retryAfterSeconds: result.retryAfterSeconds } : {}) });
  }

  return (
    <main class="office office--narrow" data-testid="office-sign-in">
      <h1>{text('signIn.title')}</h1>
      {expired ? (
        <p class="notice" role="status">
          {text('signIn.expired')}
        </p>
      ) : null}
      <p>{text('signIn.intro')}</p>
      <form class="office-sign-in" onSubmit={submit} noValidate>
        <div class="field">
          <label for="office-username">{text('signIn.username')}</label>
          <input id="office-username" name="username" autoComplete="username" autoCapitalize="none" spellcheck={false} required />
        </div>
        <div class="field">
          <label for="office-password">{text('signIn.password')}</label>
          <input id="office-password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {problem ? (
          <p class="field__error" role="alert" data-testid="sign-in-error" data-code={problem.kind === 'refused' ? problem.code : 'missing'}>
            {problemText(problem)}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? text('signIn.busy') : text('signIn.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
