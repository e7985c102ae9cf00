import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import './app/styles.css';
// Every print, Ctrl+P included, in a paper layout (set just before it, removed after it).
import './receipts/print';
import { render } from 'preact';
import { App } from './app/App';
import { SahejDatabase } from './store/database';
import { ApiClient } from './sync/api-client';
import { SyncEngine } from './sync/sync-engine';

// The page's single database connection, API client and sync engine, made once here and
// given to every screen through the app context.
const db = new SahejDatabase();
const api = new ApiClient();
const engine = new SyncEngine({ db, api, locks: navigator.locks });

render(<App runtime={{ db, api, engine }} />, document.getElementById('app')!);
