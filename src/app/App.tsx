import { useEffect, useState } from 'preact/hooks';
import { Header } from './Header';
import { I18nProvider, useI18n } from '../ui/i18n-context';
import { NewRequest } from './NewRequest';
import { AppProvider, type AppRuntime } from '../ui/app-context';
import { useRoute } from '../ui/router';
import { StorageUnavailable } from './StorageUnavailable';
import { UpdatePrompt } from './UpdatePrompt';
import { LazyScreen, LoadFailed, preloadScreen } from '../ui/LazyScreen';

// The first load carries only the shell: the header, the loading text and the request
// chooser, in both languages. What reads the database (Dexie, the store, the sync engine,
// the first screen: the home screen's lists, or enrollment on a new device) is the kiosk's
// chunk (./kiosk), fetched as the shell first renders; every other screen is a chunk of its
// own, fetched when first shown. The service worker precaches every chunk, so this works
// offline exactly as before. Officers' screens, receipts (QR, PDF, signing), the forms,
// the ledger, the status panel and the export never weigh on a kiosk's first load.
type Kiosk = typeof import('./kiosk');
const loadKiosk = (): Promise<Kiosk> => import('./kiosk');
const loadConsole = () => import('../office/Console').then((module) => module.OfficeConsole);
const loadDraftScreen = () => import('./DraftScreen').then((module) => module.DraftScreen);
const loadReceiptView = () => import('../receipts/ReceiptView').then((module) => module.ReceiptView);
const loadVerifyReceipt = () => import('../receipts/VerifyReceipt').then((module) => module.VerifyReceipt);
const loadMyReceipts = () => import('../receipts/MyReceipts').then((module) => module.MyReceipts);
const loadLedger = () => import('../receipts/Ledger').then((module) => module.Ledger);
const loadStatus = () => import('./Status').then((module) => module.Status);
const loadVerifyMobile = () => import('./VerifyMobile').then((module) => module.VerifyMobile);
const loadStatusLink = () => import('../receipts/StatusLink').then((module) => module.StatusLink);

type Start =
  | { kind: 'loading' }
  | { kind: 'loadFailed' }
  | { kind: 'unavailable'; detail: string }
  | { kind: 'ready'; enrolled: boolean; kiosk: Kiosk; runtime: AppRuntime };

function Screens({ start, onEnrolled }: { start: Start; onEnrolled(): void }) {
  const { t } = useI18n();
  const route = useRoute();
  if (start.kind === 'loading') return <p class="loading">{t('common.loading')}</p>;
  if (start.kind === 'loadFailed') return <LoadFailed />;
  if (start.kind === 'unavailable') return <StorageUnavailable detail={start.detail} />;
  // An applicant's phone opening a receipt is not a kiosk: no enrollment needed to check it.
  if (route.name === 'verify') return <LazyScreen key={route.payload} load={loadVerifyReceipt} props={{ payload: route.payload }} />;
  if (route.name === 'receipts') return <LazyScreen load={loadMyReceipts} props={{}} />;
  if (route.name === 'statusLink') return <LazyScreen key={route.fragment} load={loadStatusLink} props={{ fragment: route.fragment }} />;
  if (route.name === 'verifyMobile') return <LazyScreen load={loadVerifyMobile} props={{ token: route.token }} />;
  if (route.name === 'office') return <LazyScreen load={loadConsole} props={{ path: route.path }} />;
  if (!start.enrolled) return <start.kiosk.Enroll onEnrolled={onEnrolled} />;
  switch (route.name) {
    case 'new':
      return <NewRequest />;
    case 'draft':
      return <LazyScreen key={route.id} load={loadDraftScreen} props={{ type: route.type, draftId: route.id }} />;
    case 'filing':
      return <LazyScreen load={loadReceiptView} props={{ filingId: route.id }} />;
    case 'status':
      return <LazyScreen load={loadStatus} props={{}} />;
    case 'ledger':
      return <LazyScreen load={loadLedger} props={{}} />;
    case 'home':
      return <start.kiosk.Home />;
  }
  return null;
}

// Fetch the kiosk's chunk and open the database before anything else: if it cannot be
// opened, nothing may be captured. It starts during the first render, so the fetch and the
// opening overlap the first paint; the effect below reads the outcome (the empty catches
// only keep an early failure from being reported as unhandled before the effect has
// attached its own handlers).
function openKiosk(): Promise<{ kiosk: Kiosk; opened: ReturnType<Kiosk['openRuntime']> }> {
  const opening = loadKiosk().then((kiosk) => {
    const opened = kiosk.openRuntime();
    opened.catch(() => undefined);
    return { kiosk, opened };
  });
  opening.catch(() => undefined);
  return opening;
}

/** The kiosk's shell: draws the header at once, then gives every screen the page's runtime once the kiosk's chunk has made it. */
export function App() {
  const [start, setStart] = useState<Start>({ kind: 'loading' });
  const [opening] = useState(openKiosk);

  useEffect(() => {
    opening.then(
      ({ kiosk, opened }) =>
        opened.then(
          ({ runtime, device }) => {
            setStart({ kind: 'ready', enrolled: !!device, kiosk, runtime });
            kiosk.refreshKeys(runtime);
          },
          (error: unknown) => {
            console.error('sahej: IndexedDB unavailable', error);
            setStart({ kind: 'unavailable', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
          },
        ),
      (error: unknown) => {
        console.error('sahej: the kiosk chunk did not load', error);
        setStart({ kind: 'loadFailed' });
      },
    );
  }, []);

  const ready = start.kind === 'ready' ? start : undefined;
  const enrolled = !!ready?.enrolled;
  useEffect(() => {
    if (!ready?.enrolled) return;
    // The form is what an operator opens next: its chunk is fetched and run as soon as the
    // first screen is drawn (effects run after the paint), not when a request type is tapped.
    void preloadScreen(loadDraftScreen).catch(() => undefined);
    return ready.kiosk.startSync(ready.runtime.engine);
  }, [enrolled]);

  return (
    <AppProvider runtime={ready?.runtime ?? null}>
      <I18nProvider>
        <Header SyncSummary={enrolled ? ready?.kiosk.SyncSummary : undefined} />
        <UpdatePrompt />
        <Screens start={start} onEnrolled={() => setStart((now) => (now.kind === 'ready' ? { ...now, enrolled: true } : now))} />
      </I18nProvider>
    </AppProvider>
  );
}
