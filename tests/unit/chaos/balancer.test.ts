import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/server-process';
import { RoundRobinBalancer } from '../../chaos/balancer';

/** A backend that answers every connection with its own name and closes it. */
async function namedBackend(name: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One client connection through the balancer: what came back, or '' if it was closed unanswered. */
function ask(port: number): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
  });
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

describe('the chaos harness balancer', () => {
  it('hands connections to the backends in turn', async () => {
    const a = await namedBackend('a');
    const b = await namedBackend('b');
    const balancer = new RoundRobinBalancer([a.port, b.port]);
    await balancer.listen();
    open.push(a, b, balancer);
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) answers.push(await ask(balancer.port));
    expect(answers).toEqual(['a', 'b', 'a', 'b']);
    expect(balancer.connections).toEqual([2, 2]);
  });

  it('skips a backend that refuses the connection and closes the client when none accepts', async () => {
    const a = await namedBackend('a');
    const deadPort = await freePort();
    const balancer = new RoundRobinBalancer([deadPort, a.port]);
    await balancer.listen();
    open.push(balancer);
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) answers.push(await ask(balancer.port));
    expect(answers).toEqual(['a', 'a', 'a']);
    expect(balancer.connections).toEqual([0, 3]);
    await a.close();
    expect(await ask(balancer.port)).toBe('');
    expect(balancer.refused).toBe(1);
  });
});
