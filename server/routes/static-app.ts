import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built PWA. Hashed assets are immutable; the shell, the manifest and the
 * service worker must be revalidated, or a kiosk could be stuck on an old version.
 */
export async function staticAppRoutes(app: FastifyInstance, staticDir: string): Promise<boolean> {
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: staticDir,
    wildcard: false,
    index: ['index.html'],
    // The build writes a .br and a .gz beside each script, style and page (vite.config.ts): sent to a browser that accepts them.
    preCompressed: true,
    // Our own header per file (below), not the plugin's one-size max-age.
    cacheControl: false,
    // Source maps stay on the build machine (`sourcemap: 'hidden'`): served, they hand anyone the app's whole source with comments.
    allowedPath: (pathName) => !pathName.endsWith('.map'),
    setHeaders(res, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      // Compressed or not by the request's Accept-Encoding (`preCompressed`): a cache in between must keep the two apart.
      res.setHeader('vary', 'accept-encoding');
    },
  });
  return true;
}
