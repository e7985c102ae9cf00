// Sizes of the built app, shared by the bundle budget test (tests/e2e/bundle-budget.test.ts)
// and the benchmarks (bench/client/bundle.ts): what the first route loads and what the
// service worker precaches, each gzip-compressed as a server would send it.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Sizes are given in kB of 1,000 bytes, the unit `vite build` prints. */
export const KB = 1000;

export interface SizedFile {
  /** Path inside the build directory, with forward slashes (`assets/index-….js`). */
  file: string;
  bytes: number;
  gzip: number;
}

export interface SizedSet {
  files: SizedFile[];
  bytes: number;
  gzip: number;
}

/** gzip at zlib's default level (6), as a web server compresses on the fly. */
export function gzipSize(content: Buffer | string): number {
  return gzipSync(content).length;
}

export function kb(bytes: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round((bytes / KB) * factor) / factor;
}

function sized(distDir: string, files: Iterable<string>): SizedSet {
  const list = [...files].sort().map((file) => {
    const content = fs.readFileSync(path.join(distDir, file));
    return { file, bytes: content.length, gzip: gzipSize(content) };
  });
  return { files: list, bytes: list.reduce((sum, file) => sum + file.bytes, 0), gzip: list.reduce((sum, file) => sum + file.gzip, 0) };
}

/** `/assets/x.js` or `./x.js` (relative to `from`) as a path inside the build directory. */
function distPath(reference: string, from: string): string {
  const clean = reference.split(/[?#]/)[0]!;
  return clean.startsWith('/') ? clean.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), clean));
}

/**
 * The static imports of a built (minified ES module) chunk: `import{…}from"./x.js"`,
 * `import*as x from"./x.js"`, `import"./x.js"` and `export{…}from"./x.js"`. Dynamic
 * `import("./x.js")` is not matched: those chunks load later, when their screen is shown.
 */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[;}\s])(?:import|export)\s*(?:[{*$\w][^;()'"]*?from\s*)?(["'])([^"']+)\1/g;
  for (const match of code.matchAll(pattern)) found.push(match[2]!);
  return found;
}

/**
 * The JavaScript the first route loads before the app can draw: the entry script of the
 * built index.html, its modulepreload links, and every chunk those import statically,
 * followed transitively. Chunks reached only through `import()` are not counted.
 */
export function initialRouteJs(distDir: string): SizedSet {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const roots: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\bsrc="([^"]+)"/.exec(tag)?.[1];
    if (src && /\btype="module"/.test(tag)) roots.push(distPath(src, 'index.html'));
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="modulepreload"/.test(tag)) roots.push(distPath(href, 'index.html'));
  }
  if (!roots.length) throw new Error(`no module script in ${path.join(distDir, 'index.html')}`);
  return sized(distDir, staticClosure(distDir, roots));
}

/** `roots` and every chunk they import statically, followed transitively. */
function staticClosure(distDir: string, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    if (!fs.existsSync(path.join(distDir, file))) throw new Error(`${file} is referenced but not in ${distDir}`);
    seen.add(file);
    for (const reference of staticImports(fs.readFileSync(path.join(distDir, file), 'utf8'))) {
      if (!reference.startsWith('.') && !reference.startsWith('/')) continue;
      const target = distPath(reference, file);
      if (target.endsWith('.js') && fs.existsSync(path.join(distDir, target))) queue.push(target);
    }
  }
  return seen;
}

/**
 * The JavaScript an enrolled kiosk's home screen runs: the first route's, and the kiosk's
 * chunk (src/app/kiosk.ts: the database, the sync engine, the home lists) that the shell
 * fetches as it first renders, with the chunks it imports statically.
 */
export function homeScreenJs(distDir: string): SizedSet {
  const kiosk = fs.readdirSync(path.join(distDir, 'assets')).filter((name) => /^kiosk-.*\.js$/.test(name));
  if (kiosk.length !== 1) throw new Error(`expected one kiosk chunk in ${distDir}/assets, found ${kiosk.length}`);
  const initial = initialRouteJs(distDir).files.map((file) => file.file);
  return sized(distDir, staticClosure(distDir, [...initial, `assets/${kiosk[0]}`]));
}

/** The precache manifest vite-plugin-pwa injected into the built service worker. */
export function precacheManifest(distDir: string): string[] {
  const worker = fs.readFileSync(path.join(distDir, 'service-worker.js'), 'utf8');
  const urls = [...worker.matchAll(/\{"revision":(?:null|"[^"]*"),"url":"([^"]+)"\}/g)].map((match) => distPath(match[1]!, 'index.html'));
  if (!urls.length) throw new Error(`no precache manifest found in ${path.join(distDir, 'service-worker.js')}`);
  return urls;
}

/** Everything the service worker precaches (what a device downloads to work offline). */
export function precached(distDir: string): SizedSet {
  return sized(distDir, new Set(precacheManifest(distDir)));
}

/** Scripts and styles the build emitted that the service worker would not have offline. */
export function notPrecached(distDir: string): string[] {
  const listed = new Set(precacheManifest(distDir));
  const assets = fs.readdirSync(path.join(distDir, 'assets')).map((name) => `assets/${name}`);
  return assets.filter((file) => /\.(js|css)$/.test(file) && !listed.has(file));
}

/**
 * The floor under the first load: Preact (with its hooks), Dexie, zod/mini and
 * workbox-window bundled alone by esbuild, minified, as one ES module, gzip. Preact,
 * Dexie and workbox-window are kept whole; of zod/mini, the functions the domain calls
 * (all of `zod/mini` would be 430 kB: it carries every locale's messages).
 */
export async function libraryFloor(): Promise<{ bytes: number; gzip: number }> {
  const { build } = await import('esbuild');
  const root = path.resolve(import.meta.dirname, '../..');
  const result = await build({
    stdin: {
      contents: [
        "export * from 'preact';",
        "export * from 'preact/hooks';",
        "export { default as Dexie, liveQuery } from 'dexie';",
        'export { array, discriminatedUnion, enum as zEnum, int, iso, length, literal, maximum, maxLength, minimum, minLength, normalize, number,',
        "  optional, overwrite, refine, regex, strictObject, string, superRefine, trim } from 'zod/mini';",
        "export { Workbox } from 'workbox-window';",
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { bytes: code.length, gzip: gzipSize(Buffer.from(code)) };
}
