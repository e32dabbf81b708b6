import { connect, type Socket } from 'node:net';
import { GitHubStandIn } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRelay, startRelay } from './relay-server.js';
import { postDelivery, routeToken, testRelayConfig } from './test-support/relay-fixture.js';

function open(relay: RunningRelay): Promise<Socket> {
  const { port } = new URL(relay.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the relay sent once it closes the connection, or 'still open' after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<string> {
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk;
  });
  socket.on('error', () => {});
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still open'), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('slow and many connections', () => {
  let github: GitHubStandIn;
  let relay: RunningRelay;
  beforeAll(async () => {
    github = await new GitHubStandIn().start();
    relay = await startRelay(
      testRelayConfig(github, {
        server: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxConnections: 4 },
      }),
    );
  });
  afterAll(async () => {
    await relay?.close();
    await github?.close();
  });

  it('closes a connection whose headers come a byte at a time once the header time limit is over', async () => {
    const socket = await open(relay);
    const request = `POST /hooks/deals/${routeToken} HTTP/1.1\r\nHost: relay\r\nX-Padding: ${'a'.repeat(400)}\r\n`;
    let index = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed && index < request.length) socket.write(request[index++] as string);
    }, 50);
    const outcome = await closedWithin(socket, 15_000);
    clearInterval(trickle);
    socket.destroy();
    expect(outcome).not.toBe('still open');
    expect(outcome).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it('closes a connection whose body trickles in once the request time limit is over', async () => {
    const socket = await open(relay);
    socket.write(
      `POST /hooks/deals/${routeToken} HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"`,
    );
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write('x');
    }, 50);
    const outcome = await closedWithin(socket, 15_000);
    clearInterval(trickle);
    socket.destroy();
    expect(outcome).not.toBe('still open');
  });

  it('takes no more connections than its cap, and serves again once they are gone', async () => {
    const idle = await Promise.all(Array.from({ length: 4 }, () => open(relay)));
    // Wait until the server has counted them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await open(relay);
    const outcome = await closedWithin(extra, 5000);
    expect(outcome).not.toBe('still open');
    for (const socket of idle) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await postDelivery(relay, { object_id: 'after-cap' });
    expect(response.status).toBe(200);
  });
});
