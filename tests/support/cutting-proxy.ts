import net from 'node:net';

/**
 * A TCP proxy that counts the bytes a client sends and can cut the connection once a
 * given number has passed — a 2G link dropping in the middle of an upload.
 */
export class CuttingProxy {
  bytesFromClient = 0;
  /** Cut every connection when this many client bytes have passed (then disarm). */
  cutAfter: number | undefined;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(targetPort: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      client.on('data', (chunk: Buffer) => {
        if (this.cutAfter !== undefined && this.bytesFromClient + chunk.length >= this.cutAfter) {
          const allowed = this.cutAfter - this.bytesFromClient;
          this.bytesFromClient += allowed;
          upstream.write(chunk.subarray(0, allowed));
          this.cutAfter = undefined;
          client.destroy();
          // Let what reached the server be processed before the server sees the cut.
          setTimeout(() => upstream.destroy(), 50);
          return;
        }
        this.bytesFromClient += chunk.length;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
