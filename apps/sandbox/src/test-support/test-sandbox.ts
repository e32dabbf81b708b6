import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AdminAnswer,
  type AdminRequest,
  askSandboxAdmin,
  parseAnswerText,
} from '@workspan-kit/test-kit';
import { onTestFinished } from 'vitest';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '../index.js';

/** A started sandbox plus helpers that call it over real HTTP. */
export interface TestSandbox extends RunningSandbox {
  token(tenant?: string): Promise<string>;
  api(path: string, init?: ApiInit): Promise<ApiResponse>;
  /** The admin API (`/_sandbox/...`), whatever status it answers. */
  admin(path: string, init?: AdminRequest): Promise<ApiResponse>;
}

export interface ApiInit {
  method?: string;
  /** JSON body (objects) or a raw body (strings, buffers, FormData). */
  body?: unknown;
  headers?: Record<string, string>;
  tenant?: string | null;
  token?: string | null;
}

export type ApiResponse = AdminAnswer;

export async function readResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseAnswerText(text), text };
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
  const admin = (path: string, init: AdminRequest = {}) => askSandboxAdmin(sandbox, path, init);
  return { ...sandbox, token, api, admin };
}

/** A new folder in the temporary folder, removed when the current test ends (call it in a test). */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
