import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');

/** The production build of the app into `outDir`, as tests, benchmarks and the chaos run use it. */
export async function buildAppInto(outDir: string): Promise<string> {
  // Vitest sets NODE_ENV=test; the app under test must be the production build.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = before;
  }
  return outDir;
}
