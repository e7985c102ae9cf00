import { useEffect, useState } from 'preact/hooks';
import { newId } from '../domain/ids';
import { isRequestType, type RequestType } from '../domain/requests/types';

export type Route =
  | { name: 'home' }
  | { name: 'new' }
  | { name: 'status' }
  | { name: 'draft'; type: RequestType; id: string }
  | { name: 'filing'; id: string }
  | { name: 'verify'; payload: string }
  | { name: 'receipts' }
  | { name: 'ledger' }
  /** The officers' console: everything under /office, routed inside the console's own chunk. */
  | { name: 'office'; path: string }
  /** The link in the applicant's SMS: /v/#{token} proves the mobile. */
  | { name: 'verifyMobile'; token: string }
  /** The status link in the applicant's SMS: /s/#{receiptNo}.{check} (src/domain/receipt/status-link.ts). */
  | { name: 'statusLink'; fragment: string };

const ULID = '([0-9A-Z]{26})';

export function parseRoute(pathname: string, hash = ''): Route {
  // A receipt's QR code opens /r/#{proof}; the proof stays in the fragment, never sent anywhere.
  if (pathname === '/r/' || pathname === '/r' || pathname === '/R/') return hash.length > 1 ? { name: 'verify', payload: hash.slice(1) } : { name: 'receipts' };
  if (pathname === '/ledger') return { name: 'ledger' };
  if (pathname === '/office' || pathname.startsWith('/office/')) return { name: 'office', path: pathname };
  if (pathname === '/v/' || pathname === '/V/') return { name: 'verifyMobile', token: hash.slice(1) };
  // Like the receipt's proof, the number and check code stay in the fragment, out of every server log.
  if (pathname === '/s/' || pathname === '/s' || pathname === '/S/') return { name: 'statusLink', fragment: hash.slice(1) };
  const draft = new RegExp(`^/drafts/([a-z_]+)/${ULID}$`).exec(pathname);
  if (draft && isRequestType(draft[1])) return { name: 'draft', type: draft[1], id: draft[2]! };
  const filing = new RegExp(`^/filings/${ULID}$`).exec(pathname);
  if (filing) return { name: 'filing', id: filing[1]! };
  if (pathname === '/new') return { name: 'new' };
  if (pathname === '/status') return { name: 'status' };
  return { name: 'home' };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'new':
      return '/new';
    case 'status':
      return '/status';
    case 'draft':
      return `/drafts/${route.type}/${route.id}`;
    case 'filing':
      return `/filings/${route.id}`;
    case 'verify':
      return `/r/#${route.payload}`;
    case 'receipts':
      return '/r/';
    case 'ledger':
      return '/ledger';
    case 'office':
      return route.path;
    case 'verifyMobile':
      return `/v/#${route.token}`;
    case 'statusLink':
      return `/s/#${route.fragment}`;
  }
}

/** A new form gets its draft id at once, so its address survives a reload. */
export function newDraftRoute(type: RequestType): Route {
  return { name: 'draft', type, id: newId() };
}

const listeners = new Set<() => void>();

/** Changes the route; `replace` keeps the back button from returning to a stale screen. */
export function navigate(route: Route, { replace = false } = {}): void {
  const path = pathOf(route);
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.hash));
    listeners.add(update);
    window.addEventListener('popstate', update);
    window.addEventListener('hashchange', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
      window.removeEventListener('hashchange', update);
    };
  }, []);
  return route;
}

/** Props for an in-app link: a real href (open in new tab works) that navigates without reload. */
export function linkTo(route: Route) {
  return {
    href: pathOf(route),
    onClick: (event: MouseEvent) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(route);
    },
  };
}
