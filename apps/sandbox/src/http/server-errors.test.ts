import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

/** Writes raw bytes to the sandbox and collects everything it sends back until it closes. */
function rawExchange(url: string, text: string, afterWrite?: (socket: Socket) => void): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(text);
      afterWrite?.(socket);
    });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

/** Each HTTP response in `raw`: status, headers (lower-case names) and the JSON body. */
function responses(raw: string): Array<{ status: number; headers: Record<string, string>; body: unknown }> {
  const out = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length']);
    const body = rest.slice(end + 4, end + 4 + length);
    out.push({ status: Number(statusLine?.split(' ')[1]), headers, body: JSON.parse(body) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

const expectDocumentedError = (
  answer: { status: number; headers: Record<string, string>; body: unknown } | undefined,
  status: number,
  code: string,
) => {
  expect(answer?.status).toBe(status);
  expect(answer?.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer?.headers['x-request-id']).toMatch(/^req_[0-9a-f]{16}$/);
  expect(answer?.body).toEqual({
    code,
    message: expect.stringMatching(/^[A-Z].+\.$/),
    request_id: answer?.headers['x-request-id'],
  });
};

describe("Fastify's and Node's own refusals use the documented error shape and carry x-request-id", () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const request = (head: string) => `${head}\r\nHost: sandbox\r\nConnection: close\r\n\r\n`;

  test('a path with broken percent-encoding', async () => {
    for (const path of ['/app/v1/object/%zz/external_id', '/_sandbox/objects/%E0%A4%A']) {
      const [answer] = responses(await rawExchange(sandbox.url, request(`GET ${path} HTTP/1.1`)));
      expectDocumentedError(answer, 400, 'invalid_url');
    }
  });

  test('headers larger than the limit (431)', async () => {
    const raw = await rawExchange(
      sandbox.url,
      `GET /_sandbox/health HTTP/1.1\r\nHost: sandbox\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const [answer] = responses(raw);
    expectDocumentedError(answer, 431, 'headers_too_large');
  });

  test('conflicting Content-Length and Transfer-Encoding, and other unparseable requests', async () => {
    const cases = [
      'POST /report/v1/list HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /report/v1/list HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n',
      'POST /report/v1/list HTTP/1.1\r\nHost: sandbox\r\nContent-Length: lots\r\n\r\n',
      'BREW /coffee HTTP/1.1\r\nHost: sandbox\r\n\r\n',
    ];
    for (const text of cases) {
      const [answer] = responses(await rawExchange(sandbox.url, text));
      expectDocumentedError(answer, 400, 'invalid_http');
    }
    const [conflict] = responses(await rawExchange(sandbox.url, cases[0] as string));
    expect((conflict?.body as { message?: string } | undefined)?.message).toContain(
      "Transfer-Encoding can't be present with Content-Length",
    );
  });
});

test('a request that arrives while the sandbox closes gets a documented 503', async () => {
  const sandbox = await startTestSandbox({ faults: { latencyMs: 600 } });
  const token = await sandbox.token();
  const call = `GET /event/v1/metadata/event HTTP/1.1\r\nHost: sandbox\r\nx-ws-env: ${sandbox.credentials.hostname}\r\nAuthorization: Bearer ${token}\r\n\r\n`;
  let closed: Promise<void> | undefined;
  // The first call is in flight (600 ms latency) when close() starts; the second follows it on
  // the same connection.
  const raw = await rawExchange(sandbox.url, call, (socket) => {
    setTimeout(() => {
      closed = sandbox.close();
      setImmediate(() => socket.write(call));
    }, 50);
  });
  await closed;
  const [first, second] = responses(raw);
  expect(first?.status).toBe(200);
  expectDocumentedError(second, 503, 'service_unavailable');
  expect(second?.headers['retry-after']).toBe('1');
});
