// The sandbox's admin API (`/_sandbox/...`) as every suite calls it: its state, events to raise,
// faults to inject. Structural types, so the kit needs no dependency on the sandbox (whose own
// tests use the kit).

/** What a started sandbox (`RunningSandbox`) tells about itself, as far as the admin API needs. */
export interface SandboxAddress {
  url: string;
  credentials: { hostname: string; clientId: string; clientSecret: string };
}

/** The integrations the sandbox's seed holds (the sandbox's tests check they are seeded). */
export const seededIntegrations = {
  crmOpportunity: 'WS-Integration_crm_opportunity',
  crmAccount: 'WS-Integration_crm_account',
  partnerCenter: 'WS-Integration_partner_center',
} as const;

export interface AdminRequest {
  /** GET without a body, POST with one, unless given. */
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** The tenant's hostname; the sandbox's first tenant unless given. */
  tenant?: string;
}

export interface AdminAnswer {
  status: number;
  headers: Headers;
  /** The answer parsed as JSON; the text itself when it is not JSON; undefined when empty. */
  // biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
  body: any;
  text: string;
}

/** Sends one HTTP request; `fetch` unless a suite needs another way (e.g. no keep-alive). */
export type HttpSender = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; headers: Headers; text: string }>;

const fetchSender: HttpSender = async (url, init) => {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/** Reads an answer's text as JSON when it is JSON. */
export function parseAnswerText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Calls the admin API and answers whatever status comes back. */
export async function askSandboxAdmin(
  sandbox: SandboxAddress,
  path: string,
  request: AdminRequest = {},
  send: HttpSender = fetchSender,
): Promise<AdminAnswer> {
  const headers: Record<string, string> = { 'x-ws-env': request.tenant ?? sandbox.credentials.hostname };
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await send(`${sandbox.url}/_sandbox${path}`, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return { ...answer, body: parseAnswerText(answer.text) };
}

/** The answer when its status is 2xx; otherwise an error naming the path, status and answer. */
export function expectAdminSuccess(path: string, answer: AdminAnswer): AdminAnswer {
  if (answer.status < 200 || answer.status > 299)
    throw new Error(`sandbox admin ${path} answered ${answer.status}: ${answer.text}`);
  return answer;
}

/** Calls the admin API and answers its JSON; fails unless the status is 2xx. */
// biome-ignore lint/suspicious/noExplicitAny: the admin API answers free-form JSON
export async function sandboxAdmin<Answer = any>(
  sandbox: SandboxAddress,
  path: string,
  request: AdminRequest = {},
  send: HttpSender = fetchSender,
): Promise<Answer> {
  return expectAdminSuccess(path, await askSandboxAdmin(sandbox, path, request, send)).body as Answer;
}

/** An object of the admin API's `/objects`. */
export interface SandboxObject {
  object_id: string;
  object_type: string;
  fields: Record<string, unknown>;
}

/** The answers of the admin API's listings. */
export interface AdminAnswers {
  objects: { total: number; objects: SandboxObject[] };
  subscribers: { subscribers: { subscriber_id: string; name: string; events: string[] }[] };
  deliveries: { deliveries: { delivery_id: string; subscriber_id: string; event: string; status: string }[] };
}

/** Creates an opportunity through the admin API (raises `object.create`); answers its id. */
export async function createOpportunity(
  sandbox: SandboxAddress,
  fields: Record<string, unknown>,
  integrationId: string | undefined = seededIntegrations.crmOpportunity,
): Promise<string> {
  const created = await sandboxAdmin<{ object_id: string }>(sandbox, '/objects', {
    body: { object_type: 'opportunity', fields, ...(integrationId ? { integration_id: integrationId } : {}) },
  });
  return created.object_id;
}

/** The `WORKSPAN_*` variables of a connection to `url` (the sandbox, or a proxy in front of it). */
export function connectionVariables(sandbox: SandboxAddress, url = sandbox.url): Record<string, string> {
  return {
    WORKSPAN_ENVIRONMENT: url,
    WORKSPAN_CLIENT_ID: sandbox.credentials.clientId,
    WORKSPAN_CLIENT_SECRET: sandbox.credentials.clientSecret,
    WORKSPAN_HOSTNAME: sandbox.credentials.hostname,
  };
}
