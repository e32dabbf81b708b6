import { WorkSpanValidationError } from './errors.js';

/**
 * The two WorkSpan environments the connector offers. Production is `api.workspan.com` with the app
 * hostname (`x-ws-env`) `app.workspan.com`; every WorkSpan sandbox shares `api-sandbox.workspan.com`,
 * and its app hostname (such as `uat.workspan.com` or `demo.workspan.com`) picks which one.
 */
export const environments = {
  production: 'https://api.workspan.com',
  sandbox: 'https://api-sandbox.workspan.com',
} as const;

export type EnvironmentName = keyof typeof environments;

/** What a user fills in to connect, as in the connector's connection dialog. */
export interface ConnectionSettings {
  /** `production`, `sandbox`, or a base URL (https, or http on a loopback address such as a local sandbox). */
  environment: EnvironmentName | string;
  /** Application user id. */
  clientId: string;
  /** Application user secret. */
  clientSecret: string;
  /**
   * WorkSpan app hostname without scheme, sent as `x-ws-env`: `app.workspan.com` in production; in
   * a sandbox its own, such as `uat.workspan.com` or `demo.workspan.com`.
   */
  hostname: string;
}

/**
 * Connection settings as a host's form gave them (`connectionFromFields`), with the form field the
 * environment was read from, which a problem with it names: `baseUrl` when the form's Custom URL
 * choice gave it; `environment` otherwise.
 */
export type FormConnectionSettings = ConnectionSettings & { environmentField?: 'environment' | 'baseUrl' };

export interface ResolvedConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  hostname: string;
}

const hostnamePattern =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Checks a connection before any request; errors name the field and never echo the secret. */
export function resolveConnection(settings: FormConnectionSettings): ResolvedConnection {
  const issues: { field: string; expected: string }[] = [];
  const clientId = typeof settings.clientId === 'string' ? settings.clientId.trim() : '';
  const clientSecret = typeof settings.clientSecret === 'string' ? settings.clientSecret : '';
  if (!clientId) issues.push({ field: 'clientId', expected: 'the application user id (not empty)' });
  if (!clientSecret)
    issues.push({ field: 'clientSecret', expected: 'the application user secret (not empty)' });

  const hostname = typeof settings.hostname === 'string' ? settings.hostname.trim() : '';
  const hostnameProblem = describeHostnameProblem(hostname);
  if (hostnameProblem) issues.push({ field: 'hostname', expected: hostnameProblem });

  let baseUrl = '';
  const environment = typeof settings.environment === 'string' ? settings.environment.trim() : '';
  if (environment in environments) {
    baseUrl = environments[environment as EnvironmentName];
  } else {
    const problem = describeBaseUrlProblem(environment);
    if (problem) issues.push({ field: settings.environmentField ?? 'environment', expected: problem });
    else baseUrl = environment.replace(/\/+$/, '');
  }
  if (issues.length > 0) throw new WorkSpanValidationError(issues);
  return { baseUrl, clientId, clientSecret, hostname: hostname.toLowerCase() };
}

function describeHostnameProblem(hostname: string): string | undefined {
  const example = 'a WorkSpan app hostname such as app.workspan.com';
  if (!hostname) return `${example} (not empty)`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(hostname)) return `${example}, without "https://"; got "${hostname}"`;
  if (/\s/.test(hostname)) return `${example}, without spaces; got "${hostname}"`;
  if (/[/?#]/.test(hostname)) return `${example}, without a path; got "${hostname}"`;
  if (!hostnamePattern.test(hostname)) return `${example}; got "${hostname}"`;
  return undefined;
}

function describeBaseUrlProblem(value: string): string | undefined {
  const expected = '"production", "sandbox", or an https base URL (http only on a loopback address)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${expected}; got "${value}"`;
  }
  if (url.username || url.password) return `${expected}, without credentials in the URL`;
  if (url.search || url.hash) return `${expected}, without a query or fragment`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return `${expected}; got "${url.protocol}//${url.host}"`;
}

export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
