import net from 'node:net';

/**
 * The load balancer in front of several server processes, the harness's own: TCP, one
 * backend per client connection, round robin over the backends. A backend whose connect
 * fails (a killed process) is skipped for that connection and the next one tried, as a
 * real balancer's passive health check does; when every backend refuses, the client's
 * connection is closed (the fault proxy in front then answers 502, as a gateway would).
 * A connection already carried to a backend dies with it: that is what a kill does.
 */
export class RoundRobinBalancer {
  /** Client connections carried to each backend, by index. */
  readonly connections: number[];
  /** Client connections closed because no backend accepted them. */
  refused = 0;
  private next = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly backendPorts: number[]) {
    this.connections = backendPorts.map(() => 0);
    this.server = net.createServer({ pauseOnConnect: true }, (client) => this.carry(client));
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  listen(port = 0): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private carry(client: net.Socket): void {
    this.track(client);
    client.on('error', () => undefined);
    const first = this.next;
    this.next = (this.next + 1) % this.backendPorts.length;
    const attempt = (tried: number) => {
      if (client.destroyed) return;
      if (tried === this.backendPorts.length) {
        this.refused++;
        client.destroy();
        return;
      }
      const index = (first + tried) % this.backendPorts.length;
      const upstream = net.connect({ host: '127.0.0.1', port: this.backendPorts[index]! });
      this.track(upstream);
      const refusedHere = () => attempt(tried + 1);
      upstream.once('error', refusedHere);
      upstream.once('connect', () => {
        upstream.off('error', refusedHere);
        this.connections[index]!++;
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
