import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from './support/kiosk';
import { freePort } from '../../scripts/server-process';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm start', () => {
  it('serves the app and the API and prints the URL, an enrollment code and a console user', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-start-'));
    const port = await freePort();
    const { NODE_ENV: _testEnv, ...env } = process.env;
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...env, PORT: String(port), DATABASE_URL: `sqlite:${path.join(dir, 'sahej.db')}`, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await eventually(() => {
        if (exited) throw new Error(`npm start exited early:\n${output}`);
        return /Enrollment code[^\n]*\n[0-9A-Z]{4}-[0-9A-Z]{4}/.test(output);
      }, 90_000, 'npm start to print an enrollment code');
      expect(output).toContain(`http://localhost:${port}/`);
      // A first run also prints a console user whose password works.
      const password = /user officer, password ([\w-]+) \(shown once\)/.exec(output)?.[1];
      expect(password).toBeDefined();
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/office/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer', password }) });
      expect(login.status).toBe(200);
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', db: 'sqlite' });
      const shell = await fetch(`http://127.0.0.1:${port}/`);
      expect(shell.status).toBe(200);
      expect(await shell.text()).toContain('<div id="app"></div>');
      const worker = await fetch(`http://127.0.0.1:${port}/service-worker.js`);
      expect(worker.status).toBe(200);
      expect(worker.headers.get('cache-control')).toBe('no-cache');
      // A page address of the app (not a file) gets the shell too.
      const deepLink = await fetch(`http://127.0.0.1:${port}/filings/01JDQ3ZKHZ8X9V2Y7W4T5R6S3P`, { headers: { accept: 'text/html' } });
      expect(await deepLink.text()).toContain('<div id="app"></div>');
    } finally {
      if (!exited) process.kill(-child.pid!, 'SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
