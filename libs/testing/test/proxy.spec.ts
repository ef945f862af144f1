import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGreeting, TcpProxy } from '../src/index.js';

describe('TcpProxy', () => {
  let upstream: Server;
  let proxy: TcpProxy;

  beforeAll(async () => {
    upstream = createServer((socket) => socket.end('220 upstream ready\r\n'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = new TcpProxy('127.0.0.1', (upstream.address() as { port: number }).port);
    await proxy.start();
  });

  afterAll(async () => {
    await proxy.cut();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('relays, refuses connections while cut, and relays again on the same port once restored', async () => {
    expect(await readGreeting('127.0.0.1', proxy.port)).toBe('220 upstream ready');
    const port = proxy.port;

    await proxy.cut();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.on('connect', () => resolve('connected'));
    });
    expect(refused).toBe('ECONNREFUSED');

    await proxy.restore();
    expect(proxy.port).toBe(port);
    expect(await readGreeting('127.0.0.1', proxy.port)).toBe('220 upstream ready');
  });
});
