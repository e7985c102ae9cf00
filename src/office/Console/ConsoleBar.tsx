import { useState } from 'preact/hooks';
import { linkTo } from '../../ui/router';
import { rememberedBacklogPath } from '../backlog-query';
import { FLEET_PATH } from '../Fleet/fleet-query';
import { useOfficeText } from '../use-office-text';
import { officeApi } from '../office-api';
import { useSession } from '../session';

/** The console's screens, who is signed in, and signing out. The screen shown is marked for screen readers as well as by its underline. */
export function ConsoleBar({ path, onSignedOut }: { path: string; onSignedOut(): void }) {
  const { text, textKey } = useOfficeText();
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <nav class="office-bar" aria-label={text('console.title')}>
      <a class="office-bar__home" {...linkTo({ name: 'office', path: rememberedBacklogPath() })} aria-current={path === '/office' || path === '/office/' ? 'page' : undefined}>
        {text('console.backlog')}
      </a>
      <a class="office-bar__link" {...linkTo({ name: 'office', path: FLEET_PATH })} aria-current={path === FLEET_PATH ? 'page' : undefined} data-testid="office-bar-fleet">
        {text('console.devices')}
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
