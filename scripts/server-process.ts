import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'sahej.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real server as a separate process (as `npm start` runs it), so a test can kill it
 * with SIGKILL and start it again on the same port and database file.
 */
export class ServerProcess {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-e2e-'));
  readonly dbPath = path.join(this.dir, 'sahej.db');
  private child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly distDir: string,
    readonly port: number,
    /** Overrides of the environment (DATABASE_URL for PostgreSQL, LOG_LEVEL, …). */
    private readonly overrides: NodeJS.ProcessEnv = {},
  ) {}

  static async start(distDir: string, overrides: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    const server = new ServerProcess(distDir, await freePort(), overrides);
    await server.start();
    return server;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${this.dbPath}`,
      DOCUMENTS_DIR: path.join(this.dir, 'documents'),
      SAHEJ_STATIC_DIR: this.distDir,
      LOG_LEVEL: 'info',
      ...this.overrides,
    };
  }

  /** The server process's id (to read its memory use). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [cli, 'serve'], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('Sahej is serving on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** SIGKILL: no shutdown hooks, no flush — as a power cut or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.child = undefined;
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs a CLI command against this server's database; returns its output. */
  async cli(...args: string[]): Promise<string> {
    const child = spawn(process.execPath, [cli, ...args], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`sahej ${args.join(' ')} exited with ${code}:\n${output}`);
    return output;
  }

  async enrollmentCode(office = 'LKO1'): Promise<string> {
    const lines = (await this.cli('enroll-code', '--office', office)).trim().split('\n');
    return lines.at(-1)!.trim();
  }

  /** Registers a device with a fresh code and returns its token and id, as the app would. */
  async enrollDevice(office = 'LKO1'): Promise<{ deviceId: string; token: string; office: string }> {
    const response = await fetch(`${this.url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await this.enrollmentCode(office), publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }),
    });
    if (response.status !== 201) throw new Error(`enrollment failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { deviceId: string; token: string; office: string };
  }

  /** Reads the server's own database file directly: what the server holds, not what a page says. */
  applications(): { id: string; content_hash: string; application_no: string }[] {
    const db = new BetterSqlite3(this.dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('select id, content_hash, application_no from applications order by application_no').all() as never;
    } finally {
      db.close();
    }
  }
}
