import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { SeededRandom } from './seeded-random';

/** What the proxy can do to one API request. */
export type FaultKind =
  | 'none'
  /** The connection dies before the request reaches the server. */
  | 'drop_before'
  /** The server gets the request and answers; the client never hears the answer. */
  | 'drop_after'
  /** A gateway error instead of the server's answer (500, 502 or 503); the server never sees it. */
  | 'server_error'
  /** 429 with Retry-After; the server never sees it. */
  | 'too_many'
  /** 0–3 s added before the request is forwarded. */
  | 'latency'
  /** No answer at all until the client gives up (or 60 s). */
  | 'stall'
  /** Part of a request body is forwarded, then both connections are cut (an upload cut mid-body). */
  | 'cut_body';

/** About one API request in five fails outright, one in sixteen is slow: a bad day on 2G, with a bad gateway. */
export const DEFAULT_FAULT_WEIGHTS: Record<FaultKind, number> = {
  none: 73,
  drop_before: 4,
  drop_after: 5,
  server_error: 4,
  too_many: 3,
  latency: 6,
  stall: 1,
  cut_body: 4,
};

/** A stall is held at most this long, so a client with no timeout of its own is not held forever. */
const STALL_CAP_MS = 60_000;

export interface FaultProxyOptions {
  seed: number;
  /** The real server's port on 127.0.0.1 (it may be down; then the proxy answers 502 like a gateway). */
  targetPort: number;
  weights?: Record<FaultKind, number>;
  /** Files served by the proxy itself under `/baseline/` (the off-the-shelf comparison page). */
  baselineDir?: string;
  /** Each decision as a JSON line, to read a failing run back. */
  logFile?: string;
}

/**
 * The network between the kiosk and the server, made hostile on purpose. Only API requests
 * are faulted (the app shell comes from the service worker anyway), and only while
 * `enabled`; every decision comes from the seeded generator, in the order requests arrive.
 */
export class FaultProxy {
  enabled = false;
  readonly counts: Record<FaultKind, number> & { gateway_502: number } = { none: 0, drop_before: 0, drop_after: 0, server_error: 0, too_many: 0, latency: 0, stall: 0, cut_body: 0, gateway_502: 0 };
  private readonly random: SeededRandom;
  private readonly weights: Record<FaultKind, number>;
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly log: fs.WriteStream | undefined;
  private sequence = 0;
  port = 0;

  constructor(private readonly options: FaultProxyOptions) {
    this.random = new SeededRandom(options.seed).fork(1);
    this.weights = options.weights ?? DEFAULT_FAULT_WEIGHTS;
    this.log = options.logFile ? fs.createWriteStream(options.logFile) : undefined;
    this.server = http.createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.log?.end();
  }

  private decide(request: http.IncomingMessage): FaultKind {
    if (!this.enabled || !request.url?.startsWith('/api/')) return 'none';
    let fault = this.random.weighted(this.weights);
    const hasBody = request.method === 'PATCH' || request.method === 'POST' || request.method === 'PUT';
    if (fault === 'cut_body' && !hasBody) fault = 'drop_before';
    return fault;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (this.options.baselineDir && request.url?.startsWith('/baseline/')) return this.serveBaseline(request, response);
    const fault = this.decide(request);
    const sequence = ++this.sequence;
    this.counts[fault]++;
    this.log?.write(`${JSON.stringify({ sequence, at: new Date().toISOString(), method: request.method, path: request.url?.split('?')[0], fault })}\n`);
    switch (fault) {
      case 'drop_before':
        return void request.socket.destroy();
      case 'server_error': {
        const status = this.random.pick([500, 502, 503]);
        response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
        return void response.end(`chaos proxy: ${status}`);
      }
      case 'too_many':
        response.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(this.random.int(1, 3)), connection: 'close' });
        return void response.end('chaos proxy: slow down');
      case 'stall': {
        const timer = setTimeout(() => request.socket.destroy(), STALL_CAP_MS);
        request.socket.once('close', () => clearTimeout(timer));
        return void request.resume();
      }
      case 'latency':
        return void setTimeout(() => this.forward(request, response, 'none'), this.random.int(0, 3000));
      default:
        return this.forward(request, response, fault);
    }
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse, fault: FaultKind): void {
    const upstream = http.request({ host: '127.0.0.1', port: this.options.targetPort, method: request.method, path: request.url, headers: { ...request.headers, connection: 'close' } });
    upstream.on('error', () => {
      if (response.headersSent) return void request.socket.destroy();
      // The server is down (killed, restarting): what a gateway in front of it would say.
      this.counts.gateway_502++;
      response.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
      response.end('chaos proxy: the server is down');
    });
    upstream.on('response', (answer) => {
      if (fault === 'drop_after') {
        // Let the server finish (it has committed), then never tell the client.
        answer.resume();
        answer.once('end', () => request.socket.destroy());
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.once('error', () => request.socket.destroy());
    });
    if (fault === 'cut_body') {
      const keep = this.random.next();
      const declared = Number(request.headers['content-length'] ?? 0);
      let budget = Math.floor(declared * keep);
      request.on('data', (chunk: Buffer) => {
        if (budget <= 0) return;
        const part = chunk.subarray(0, budget);
        budget -= part.length;
        upstream.write(part);
        if (budget <= 0) cut();
      });
      const cut = () =>
        setTimeout(() => {
          upstream.destroy();
          request.socket.destroy();
        }, 50);
      if (budget <= 0) cut();
      request.once('end', cut);
      return;
    }
    request.pipe(upstream);
  }

  private serveBaseline(request: http.IncomingMessage, response: http.ServerResponse): void {
    const name = path.basename(request.url!.split('?')[0]!) || 'index.html';
    const file = path.join(this.options.baselineDir!, name);
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = name.endsWith('.html') ? 'text/html' : name.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'service-worker-allowed': '/' });
    fs.createReadStream(file).pipe(response);
  }
}
