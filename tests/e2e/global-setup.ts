import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { buildAppInto } from '../../scripts/build-app';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The app built for this run (vite build), served by each test's own server. */
    distDir: string;
    /** The domain module bundled alone as an ES module, to run the same code in Chromium. */
    domainBundle: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<void> {
  const outRoot = path.join(root, '.tmp', 'e2e');
  fs.rmSync(outRoot, { recursive: true, force: true });
  const distDir = path.join(outRoot, 'dist');
  await buildAppInto(distDir);
  const domainDir = path.join(outRoot, 'domain');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: domainDir,
      emptyOutDir: true,
      minify: false,
      lib: { entry: path.join(root, 'src/domain/index.ts'), formats: ['es'], fileName: () => 'domain.js' },
    },
  });
  project.provide('distDir', distDir);
  project.provide('domainBundle', path.join(domainDir, 'domain.js'));
}
