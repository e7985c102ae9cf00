import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import './app/styles.css';
import { render } from 'preact';
import { App } from './app/App';

render(<App />, document.getElementById('app')!);
