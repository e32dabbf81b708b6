import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** `GET /event/v1/metadata/integration`, one per request that reached the proxy. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Passes every request on to `target` and writes down which ones came: proof of what was sent.
 * `headers` are added on the way (a bearer token for a client that cannot send one).
 */
export async function startRecordingProxy(
  target: string,
  headers: Record<string, string> = {},
): Promise<RecordingProxy> {
  const requests: string[] = [];
  const to = new URL(target);
  const server = createServer((incoming, outgoing) => {
    requests.push(`${incoming.method} ${incoming.url?.split('?')[0]}`);
    const upstream = forward(
      {
        host: to.hostname,
        port: to.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, ...headers },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
