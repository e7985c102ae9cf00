#!/usr/bin/env node
// The sahej command: runs the TypeScript CLI through tsx, so the server needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  console.error(`sahej: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
