import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from './index.js';

/** A started sandbox plus helpers that call it over real HTTP. */
export interface TestSandbox extends RunningSandbox {
  token(tenant?: string): Promise<string>;
  api(path: string, init?: ApiInit): Promise<ApiResponse>;
  admin(path: string, init?: { method?: string; body?: unknown; tenant?: string }): Promise<ApiResponse>;
}

export interface ApiInit {
  method?: string;
  /** JSON body (objects) or a raw body (strings, buffers, FormData). */
  body?: unknown;
  headers?: Record<string, string>;
  tenant?: string | null;
  token?: string | null;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read free-form JSON answers
  body: any;
  text: string;
}

export async function readResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  const tokens = new Map<string, string>();
  const token = async (tenant = sandbox.credentials.hostname) => {
    const cached = tokens.get(tenant);
    if (cached) return cached;
    const user = sandbox.tenants.find((t) => t.hostname === tenant);
    if (!user) throw new Error(`no tenant ${tenant}`);
    const response = await fetch(`${sandbox.url}/oauth/token?x-ws-env=${tenant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: user.clientId,
        client_secret: user.clientSecret,
      }),
    });
    const body = (await response.json()) as { access_token: string };
    tokens.set(tenant, body.access_token);
    return body.access_token;
  };
  const api = async (path: string, init: ApiInit = {}) => {
    const tenant = init.tenant === undefined ? sandbox.credentials.hostname : init.tenant;
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (tenant !== null) headers['x-ws-env'] = tenant;
    if (init.token !== null)
      headers.authorization = `Bearer ${init.token ?? (await token(tenant ?? undefined))}`;
    let body: RequestInit['body'];
    if (init.body !== undefined) {
      if (
        typeof init.body === 'string' ||
        init.body instanceof Uint8Array ||
        init.body instanceof FormData ||
        init.body instanceof Blob
      ) {
        body = init.body as RequestInit['body'];
      } else {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const response = await fetch(`${sandbox.url}${path}`, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    return readResponse(response);
  };
  const admin = async (path: string, init: { method?: string; body?: unknown; tenant?: string } = {}) => {
    const headers: Record<string, string> = { 'x-ws-env': init.tenant ?? sandbox.credentials.hostname };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return readResponse(response);
  };
  return { ...sandbox, token, api, admin };
}

/** A new folder in the temporary folder, removed when the current test ends (call it in a test). */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Polls `check` until it returns a value other than undefined (fails after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ReceivedDelivery {
  url: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read free-form JSON deliveries
  body: any;
}

/** A real webhook receiver; `respond` picks the status of each delivery (default 200). */
export async function startReceiver(
  respond: (delivery: ReceivedDelivery, index: number) => number = () => 200,
): Promise<{
  url: string;
  received: ReceivedDelivery[];
  close(): Promise<void>;
}> {
  const received: ReceivedDelivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const delivery = {
        url: request.url ?? '',
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      const status = respond(delivery, received.length);
      received.push(delivery);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
