import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the server that can hold back the requests a test names
 * until it lets them go: a slow send the test can be sure is still in flight. Every
 * request it forwards is listed, with when it came in.
 */
export class HoldingProxy {
  readonly requests: { method: string; path: string; at: number }[] = [];
  private holding: ((method: string, path: string) => boolean) | undefined;
  private readonly held: (() => void)[] = [];
  private readonly server: http.Server;
  private port = 0;

  constructor(targetPort: number) {
    this.server = http.createServer((request, response) => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const forward = () => {
        this.requests.push({ method, path, at: Date.now() });
        const upstream = http.request({ host: '127.0.0.1', port: targetPort, method, path, headers: request.headers }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        upstream.on('error', () => response.destroy());
        request.pipe(upstream);
      };
      if (this.holding?.(method, path)) this.held.push(forward);
      else forward();
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  /** From now on, requests that `matches` wait until `release()`. */
  hold(matches: (method: string, path: string) => boolean): void {
    this.holding = matches;
  }

  /** How many requests are waiting. */
  get waiting(): number {
    return this.held.length;
  }

  /** Sends on every request held, and holds no more. */
  release(): void {
    this.holding = undefined;
    for (const forward of this.held.splice(0)) forward();
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
