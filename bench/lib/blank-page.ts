import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

// The reference page of the browser benchmarks (cold open, Lighthouse): what any Preact app
// costs at the least, served over loopback by a plain Node server, one request per file.

/** The reference: a blank Preact page with the same three states (button, choice, field). */
const BLANK_PREACT = `
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
function Blank() {
  const [stage, setStage] = useState(0);
  if (stage === 0) return h('main', { key: 'home' }, h('button', { type: 'button', onClick: () => setStage(1) }, 'New application'));
  if (stage === 1) return h('main', { key: 'new' }, h('ul', null, h('li', null, h('button', { type: 'button', class: 'choice', onClick: () => setStage(2) }, 'New connection'))));
  return h('main', { key: 'form' }, h('fieldset', { 'data-step': 'applicant' }, h('label', { for: 'name' }, 'Name'), h('input', { id: 'name' })));
}
render(h(Blank, null), document.getElementById('app'));
`;

/** Serves the blank Preact page at `/` (any other path but its script answers the same page). */
export async function blankPreactServer(): Promise<{ url: string; close(): Promise<void> }> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents: BLANK_PREACT, resolveDir: path.resolve(import.meta.dirname, '../..'), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = Buffer.from(result.outputFiles[0]!.contents);
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>blank</title><script type="module" src="/blank.js"></script></head><body><div id="app"></div></body></html>';
  const server = http.createServer((request, response) => {
    if (request.url === '/blank.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

