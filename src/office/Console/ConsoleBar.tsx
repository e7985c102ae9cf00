import { useState } from 'preact/hooks';
import { linkTo } from '../../ui/router';
import { rememberedBacklogPath } from '../backlog-query';
import { useOfficeText } from '../use-office-text';
import { officeApi } from '../office-api';
import { useSession } from '../session';

/** Who is signed in, the way back to the list, and signing out. */
export function ConsoleBar({ onSignedOut }: { onSignedOut(): void }) {
  const { text, textKey } = useOfficeText();
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <nav class="office-bar" aria-label={text('console.title')}>
      <a class="office-bar__home" {...linkTo({ name: 'office', path: rememberedBacklogPath() })}>
        {text('console.backlog')}
      </a>
      <span class="office-bar__user" data-testid="office-user">
        {text('console.signedInAs', { name: user.displayName, role: textKey(`role.${user.role}`), office: user.officeCode ?? text('console.allOffices') })}
      </span>
      <button
        type="button"
        class="button button--small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          // Signed out on this screen whatever the answer: a lost request leaves at worst a
          // session that expires by itself, never a console that looks signed in.
          await officeApi.logout();
          onSignedOut();
        }}
      >
        {text('console.signOut')}
      </button>
    </nav>
  );
}
