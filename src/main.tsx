import './app/fonts.css';
import './app/styles.css';
// Every print, Ctrl+P included, in a paper layout (set just before it, removed after it).
import './receipts/print';
import { render } from 'preact';
import { App } from './app/App';

// The shell is drawn at once; it fetches the kiosk's chunk (src/app/kiosk.ts), which makes
// the page's single database connection, API client and sync engine.
render(<App />, document.getElementById('app')!);
