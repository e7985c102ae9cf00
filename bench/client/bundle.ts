import { buildApp } from '../lib/app-session';
import { homeScreenJs, initialRouteJs, kb, libraryFloor, precached } from '../lib/bundle-size';
import { judged, type BenchRecord } from '../lib/records';

/**
 * What a kiosk downloads: the JavaScript the first route loads before its first paint
 * (entry script, its modulepreloads and their static imports), beside the libraries the
 * app stands on bundled alone; the JavaScript of the home screen (the first route's and the
 * kiosk chunk's); and everything the service worker precaches for offline use.
 * Sizes of one build are the same every time, so there is one run, not a median.
 */
export async function benchBundle(): Promise<BenchRecord[]> {
  const distDir = await buildApp();
  const initial = initialRouteJs(distDir);
  const home = homeScreenJs(distDir);
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
      { atMost: 55 },
    ),
    {
      name: 'JavaScript of the home screen, gzip: the first route and the kiosk chunk it fetches as it first renders',
      value: kb(home.gzip),
      unit: 'kB',
      runs: 1,
      note: `${kb(home.bytes)} kB before gzip in ${home.files.length} files (the database, the sync engine and the home lists arrive after the first paint)`,
    },
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
