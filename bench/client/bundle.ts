import { buildApp } from '../lib/app-session';
import { initialRouteJs, kb, libraryFloor, precached } from '../lib/bundle-size';
import { judged, type BenchRecord } from '../lib/records';

/**
 * What a kiosk downloads: the JavaScript the first route loads before the home screen
 * (entry script, its modulepreloads and their static imports), beside the libraries it
 * stands on bundled alone; and everything the service worker precaches for offline use.
 * Sizes of one build are the same every time, so there is one run, not a median.
 */
export async function benchBundle(): Promise<BenchRecord[]> {
  const distDir = await buildApp();
  const initial = initialRouteJs(distDir);
  const all = precached(distDir);
  const floor = await libraryFloor();
  return [
    judged(
      {
        name: 'initial route JavaScript, gzip',
        value: kb(initial.gzip),
        unit: 'kB',
        runs: 1,
        reference: { name: 'Preact + Dexie + zod/mini + workbox-window bundled alone (esbuild, minified), gzip', value: kb(floor.gzip), unit: 'kB' },
        note: `${kb(initial.bytes)} kB before gzip: ${initial.files.map((file) => `${file.file} ${kb(file.gzip)} kB`).join(', ')}`,
      },
      { atMost: 70 },
    ),
    judged(
      {
        name: 'everything the service worker precaches, gzip',
        value: kb(all.gzip),
        unit: 'kB',
        runs: 1,
        note: `${all.files.length} files, ${kb(all.bytes)} kB before gzip (fonts, already compressed, included)`,
      },
      { atMost: 400 },
    ),
  ];
}
