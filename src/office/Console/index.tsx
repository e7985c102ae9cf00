import '../office.css';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { linkTo } from '../../ui/router';
import { Backlog } from '../Backlog';
import { Detail } from '../Detail';
import { Fleet } from '../Fleet';
import { FLEET_PATH } from '../Fleet/fleet-query';
import { useOfficeText } from '../use-office-text';
import { officeApi, type OfficeErrorCode, type Officer } from '../office-api';
import { SessionContext, type Session } from '../session';
import { SignIn } from '../SignIn';
import { ConsoleBar } from './ConsoleBar';

type Gate = { kind: 'checking' } | { kind: 'failed'; code: OfficeErrorCode } | { kind: 'signedOut'; expired: boolean } | { kind: 'signedIn'; user: Officer };

const DETAIL = /^\/office\/applications\/([^/]+)$/;

/**
 * The officers' console: everything under /office. Whether someone is signed in is the
 * server's answer to /office/me (the session cookie is HttpOnly, so the page cannot tell).
 */
export function OfficeConsole({ path }: { path: string }) {
  const { t, text, errorText } = useOfficeText();
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void officeApi.me().then((result) => {
      if (!live) return;
      if (result.ok) setGate({ kind: 'signedIn', user: result.value.user });
      else if (result.code === 'unauthorized') setGate({ kind: 'signedOut', expired: false });
      else setGate({ kind: 'failed', code: result.code });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  const session = useMemo<Session | null>(() => (gate.kind === 'signedIn' ? { user: gate.user, expire: () => setGate({ kind: 'signedOut', expired: true }) } : null), [gate]);

  if (gate.kind === 'signedOut') return <SignIn expired={gate.expired} onSignedIn={(user) => setGate({ kind: 'signedIn', user })} />;
  if (gate.kind !== 'signedIn' || !session) {
    return (
      <main class="office" data-testid="office-console">
        {gate.kind === 'failed' ? (
          <>
            <p class="office-error" role="alert">
              {errorText(gate.code)}
            </p>
            <button type="button" class="button" onClick={() => setAttempt((value) => value + 1)}>
              {text('common.retry')}
            </button>
          </>
        ) : (
          <p class="loading">{t('common.loading')}</p>
        )}
      </main>
    );
  }

  const detail = DETAIL.exec(path);
  const isBacklog = path === '/office' || path === '/office/';
  const isFleet = path === FLEET_PATH;
  return (
    <SessionContext.Provider value={session}>
      <ConsoleBar path={path} onSignedOut={() => setGate({ kind: 'signedOut', expired: false })} />
      <main class="office" data-testid="office-console" data-path={path}>
        {detail ? (
          <Detail key={detail[1]} id={decodeURIComponent(detail[1]!)} />
        ) : isBacklog ? (
          // The filters live in the query string; App re-renders the console on every navigate().
          <Backlog search={location.search} />
        ) : isFleet ? (
          <Fleet search={location.search} />
        ) : (
          <>
            <h1>{text('console.notFound')}</h1>
            <a class="button" {...linkTo({ name: 'office', path: '/office' })}>
              {text('console.backlog')}
            </a>
          </>
        )}
      </main>
    </SessionContext.Provider>
  );
}
