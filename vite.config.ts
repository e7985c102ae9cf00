import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Writes a brotli and a gzip copy beside every script, style and page of the build, which
 * the server sends to a browser that accepts them (server/routes/static-app.ts,
 * `preCompressed`): a phone on a slow network downloads a third of the bytes, and the
 * server compresses nothing per request. Fonts and images are compressed already.
 */
function precompress(): Plugin {
  return {
    name: 'sahej:precompress',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (!/\.(js|css|html|svg)$/.test(file.fileName)) continue;
          const source = Buffer.from(file.type === 'chunk' ? file.code : file.source);
          this.emitFile({ type: 'asset', fileName: `${file.fileName}.br`, source: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) });
          this.emitFile({ type: 'asset', fileName: `${file.fileName}.gz`, source: gzipSync(source, { level: 9 }) });
        }
      },
    },
  };
}

/**
 * The same compressed copies of the service worker's script. It is built after the app
 * (vite-plugin-pwa, in its closeBundle, which also writes the precache list into it), so
 * its copies are made once that is done. It carries the sync code it drains with (Dexie,
 * the schemas, tus-js-client): some 240 kB, a third of that compressed.
 */
function precompressWorker(fileName: string): Plugin {
  let outDir = '';
  return {
    name: 'sahej:precompress-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const file = path.join(outDir, fileName);
        const source = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(source, { level: 9 }));
      },
    },
  };
}

/**
 * The kiosk's chunk (src/app/kiosk.ts) as one file: the kiosk module and every module of its
 * static graph that the first route does not already carry (Dexie, the store, the sync
 * engine, the helpers it shares with later screens). Left to itself the bundler gives each
 * module shared with a later screen a chunk of its own, some fifteen small files, and on a
 * slow network every one costs a round trip before the first screen can draw. Later
 * screens import those modules from this chunk, which is always loaded before any of them.
 */
function kioskChunk(): { plugin: Plugin; group: Rolldown.CodeSplittingGroup } {
  const modules = new Set<string>();
  return {
    plugin: {
      name: 'sahej:kiosk-chunk',
      apply: 'build',
      buildEnd() {
        const staticGraph = (roots: string[]) => {
          const seen = new Set<string>();
          const queue = [...roots];
          while (queue.length) {
            const id = queue.pop()!;
            if (seen.has(id)) continue;
            seen.add(id);
            queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
          }
          return seen;
        };
        const ids = [...this.getModuleIds()];
        const kiosk = ids.find((id) => id.replaceAll('\\', '/').endsWith('/src/app/kiosk.ts'));
        if (!kiosk) return;
        const initial = staticGraph(ids.filter((id) => this.getModuleInfo(id)?.isEntry));
        for (const id of staticGraph([kiosk])) if (!initial.has(id)) modules.add(id);
      },
    },
    group: { name: 'kiosk', test: (id) => modules.has(id), includeDependenciesRecursively: false },
  };
}

const kiosk = kioskChunk();

/**
 * The version a device reports in its heartbeat, so the office sees which build each runs:
 * the package's version and, in a git checkout, the commit it was built from.
 */
function appVersion(): string {
  const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=8', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return /^[0-9a-f]{8}$/.test(commit) ? `${version}+${commit}` : version;
  } catch {
    return version;
  }
}

export default defineConfig({
  // The service worker's build (vite-plugin-pwa) takes this define too.
  define: { __SAHEJ_VERSION__: JSON.stringify(appVersion()) },
  plugins: [
    preact(),
    kiosk.plugin,
    precompress(),
    precompressWorker('service-worker.js'),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      injectRegister: false,
      // The icons are already matched by globPatterns; listing them twice would duplicate precache entries.
      includeManifestIcons: false,
      injectManifest: {
        // The font's .woff fallback is left out: every browser that runs service workers reads woff2.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
        // A classic script, one file: the worker runs the sync code, whose lazy imports (the
        // schemas, tus-js-client) an ES-module build wraps in the page's preload helper, which
        // uses import.meta and the document and so fails to load in a classic worker.
        rollupFormat: 'iife',
      },
      manifest: {
        name: 'सहेज — Sahej',
        short_name: 'सहेज',
        description: 'बिजली कनेक्शन आवेदन — ऑफ़लाइन भी सुरक्षित / Electricity connection applications, safe even offline',
        lang: 'hi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f8fa',
        theme_color: '#0b5d1e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  // 'hidden': maps are written for whoever debugs a build, but no file points to them and the server never serves them.
  build: { target: 'es2022', sourcemap: 'hidden', rolldownOptions: { output: { codeSplitting: { groups: [kiosk.group] } } } },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
