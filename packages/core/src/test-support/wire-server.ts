import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Handler = (
  request: RecordedRequest,
  response: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

/**
 * A real HTTP server on loopback for wire-level tests of the client: it issues tokens, records
 * every request, and lets each test decide the answers.
 */
export async function startWireServer(
  options: {
    handler?: Handler;
    tokenLifetimeSeconds?: number;
    readBody?: boolean;
    /** Answers token calls in place of the built-in token endpoint (they are still recorded). */
    tokenHandler?: Handler;
  } = {},
) {
  const requests: RecordedRequest[] = [];
  const tokenCalls: RecordedRequest[] = [];
  let tokenRequests = 0;
  let tokenCounter = 0;
  const validTokens = new Set<string>();
  let handler: Handler = options.handler ?? ((_request, response) => json(response, 200, {}));

  const server = createServer(async (raw, response) => {
    if (options.readBody === false && raw.url?.startsWith('/bulk')) {
      const recorded = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.alloc(0),
      };
      requests.push(recorded);
      await handler(recorded, response, raw);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const recorded = {
      method: raw.method ?? '',
      url: raw.url ?? '',
      headers: raw.headers,
      body: Buffer.concat(chunks),
    };
    if (recorded.url.startsWith('/oauth/token')) {
      tokenRequests++;
      tokenCalls.push(recorded);
      if (options.tokenHandler) return options.tokenHandler(recorded, response, raw);
      const form = new URLSearchParams(recorded.body.toString());
      if (form.get('client_secret') !== 'test-secret-value')
        return json(response, 401, { code: 'invalid_client', message: 'bad secret' });
      const token = `access-token-${++tokenCounter}-abcdef`;
      validTokens.add(token);
      return json(response, 200, {
        access_token: token,
        token_type: 'Bearer',
        expires_in: options.tokenLifetimeSeconds ?? 3600,
      });
    }
    requests.push(recorded);
    const token = String(recorded.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!validTokens.has(token))
      return json(response, 401, { code: 'invalid_token', message: 'token expired' });
    await handler(recorded, response, raw);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Every token call as it arrived. */
    tokenCalls,
    get tokenRequests() {
      return tokenRequests;
    },
    /** Makes every issued token invalid, as when it expires on the server. */
    expireTokens: () => validTokens.clear(),
    setHandler: (next: Handler) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export const testConnection = (url: string) => ({
  environment: url,
  clientId: 'test-app-user',
  clientSecret: 'test-secret-value',
  hostname: 'demo.workspan.com',
});
