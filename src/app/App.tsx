import { useEffect, useState } from 'preact/hooks';
import { loadDevice } from '../store/device';
import { attachBrowserTriggers } from '../sync/browser-triggers';
import { Header } from './Header';
import { Home } from './Home';
import { I18nProvider, useI18n } from '../ui/i18n-context';
import { NewRequest } from './NewRequest';
import { AppProvider, type AppRuntime } from '../ui/app-context';
import { useRoute } from '../ui/router';
import { refreshTrustedKeys } from '../sync/trust';
import { StorageUnavailable } from './StorageUnavailable';
import { UpdatePrompt } from './UpdatePrompt';
import { LazyScreen, preloadScreen } from '../ui/LazyScreen';

// The first load carries only what draws the home screen (and the request chooser):
// every other screen is a chunk of its own, fetched when first shown. The service worker
// precaches every chunk, so this works offline exactly as before. Officers' screens,
// receipts (QR, PDF, signing), the forms, the ledger, the status panel and the export
// never weigh on a kiosk's first load.
const loadConsole = () => import('../office/Console').then((module) => module.OfficeConsole);
const loadEnroll = () => import('./Enroll').then((module) => module.Enroll);
const loadDraftScreen = () => import('./DraftScreen').then((module) => module.DraftScreen);
const loadReceiptView = () => import('../receipts/ReceiptView').then((module) => module.ReceiptView);
const loadVerifyReceipt = () => import('../receipts/VerifyReceipt').then((module) => module.VerifyReceipt);
const loadMyReceipts = () => import('../receipts/MyReceipts').then((module) => module.MyReceipts);
const loadLedger = () => import('../receipts/Ledger').then((module) => module.Ledger);
const loadStatus = () => import('./Status').then((module) => module.Status);
const loadVerifyMobile = () => import('./VerifyMobile').then((module) => module.VerifyMobile);

type Start = { kind: 'loading' } | { kind: 'unavailable'; detail: string } | { kind: 'ready'; enrolled: boolean };

function Screens({ start, onEnrolled }: { start: Start; onEnrolled(): void }) {
  const { t } = useI18n();
  const route = useRoute();
  if (start.kind === 'loading') return <p class="loading">{t('common.loading')}</p>;
  if (start.kind === 'unavailable') return <StorageUnavailable detail={start.detail} />;
  // An applicant's phone opening a receipt is not a kiosk: no enrollment needed to check it.
  if (route.name === 'verify') return <LazyScreen key={route.payload} load={loadVerifyReceipt} props={{ payload: route.payload }} />;
  if (route.name === 'receipts') return <LazyScreen load={loadMyReceipts} props={{}} />;
  if (route.name === 'verifyMobile') return <LazyScreen load={loadVerifyMobile} props={{ token: route.token }} />;
  if (route.name === 'office') return <LazyScreen load={loadConsole} props={{ path: route.path }} />;
  if (!start.enrolled) return <LazyScreen load={loadEnroll} props={{ onEnrolled }} />;
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
      return <Home />;
  }
  return null;
}

// Open the database before anything else: if it cannot be opened, nothing may be captured.
// It starts during the first render, so the opening overlaps the first paint; the effect
// below reads the outcome (the empty catch only keeps an early failure from being
// reported as unhandled before the effect has attached its own handler).
function openStorage(db: AppRuntime['db']): ReturnType<typeof loadDevice> {
  const opening = db.open().then(() => loadDevice(db));
  opening.catch(() => undefined);
  return opening;
}

/** The kiosk's shell: gives every screen the page's runtime, made once by main.tsx. */
export function App({ runtime }: { runtime: AppRuntime }) {
  const { db, api, engine } = runtime;
  const [start, setStart] = useState<Start>({ kind: 'loading' });
  const [opening] = useState(() => openStorage(db));

  useEffect(() => {
    opening.then(
      (device) => {
        setStart({ kind: 'ready', enrolled: !!device });
        // Keys for checking receipts offline, on kiosks and applicants' phones alike.
        if (navigator.onLine) void refreshTrustedKeys(db, api);
      },
      (error: unknown) => {
        console.error('sahej: IndexedDB unavailable', error);
        setStart({ kind: 'unavailable', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      },
    );
  }, []);

  const enrolled = start.kind === 'ready' && start.enrolled;
  useEffect(() => {
    if (!enrolled) return;
    // The form is what an operator opens next: its chunk is fetched and run as soon as the
    // first screen is drawn (effects run after the paint), not when a request type is tapped.
    void preloadScreen(loadDraftScreen).catch(() => undefined);
    engine.start();
    const detach = attachBrowserTriggers(engine);
    return () => {
      detach();
      engine.stop();
    };
  }, [enrolled]);

  return (
    <AppProvider runtime={runtime}>
      <I18nProvider>
        <Header showStatus={enrolled} />
        <UpdatePrompt />
        <Screens start={start} onEnrolled={() => setStart({ kind: 'ready', enrolled: true })} />
      </I18nProvider>
    </AppProvider>
  );
}
