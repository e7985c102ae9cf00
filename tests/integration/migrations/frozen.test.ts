import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/db/migrate';

// A migration must do forever what it did when it shipped, so it may use only Kysely, Node
// and the helpers beside it (themselves frozen): never the domain or the server's live code.
const DIR = path.resolve(import.meta.dirname, '../../../server/db/migrations');

it('no migration imports code from outside server/db/migrations/', () => {
  const outside = Object.keys(MIGRATIONS).flatMap((name) => {
    const source = fs.readFileSync(path.join(DIR, `${name}.ts`), 'utf8');
    return [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!).filter((from) => from.startsWith('.') && !/^\.\/[\w-]+$/.test(from)).map((from) => `${name}: ${from}`);
  });
  expect(outside).toEqual([]);
});

it('the helpers beside the migrations import nothing from outside them either', () => {
  const helpers = fs.readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !(file.replace(/\.ts$/, '') in MIGRATIONS));
  expect(helpers.length).toBeGreaterThan(0);
  for (const file of helpers) {
    const source = fs.readFileSync(path.join(DIR, file), 'utf8');
    expect([...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!).filter((from) => from.startsWith('..'))).toEqual([]);
  }
});
