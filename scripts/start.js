// `npm start`: build the app if its sources are newer than the last build, then serve
// the app and the API on the embedded SQLite database and print a one-time enrollment code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'index.html');
const inputs = ['index.html', 'service-worker.ts', 'vite.config.ts', 'package-lock.json', 'src', 'public'];

function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const builtAt = fs.statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (builtAt < Math.max(...inputs.map((input) => newestChange(path.join(root, input))))) {
  console.log(builtAt ? 'Sources changed since the last build; building the app…' : 'Building the app (first run)…');
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ root, mode: 'production', logLevel: 'warn' });
}

const office = process.env.SAHEJ_OFFICE ?? 'DEMO';
const server = spawn(process.execPath, [path.join(root, 'bin', 'sahej.js'), 'serve', '--enroll-office', office], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
