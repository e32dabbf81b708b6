import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string of `length` characters from [A-Za-z0-9]. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const nowIso = (): string => new Date().toISOString();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A URL without its query string, fragment and credentials: safe to print (callback URLs carry a secret). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hadQuery = parsed.search.length > 0;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${hadQuery ? '?…' : ''}`;
  } catch {
    return '<invalid url>';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Normalises a tenant hostname as sent in `x-ws-env`: lower case, no scheme, no trailing slash. */
export function normaliseHostname(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
}

export function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** The media type of a Content-Type header value: lower case, without parameters (`text/csv; charset=x` → `text/csv`). */
export const mediaType = (value: unknown): string =>
  (firstString(value) ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
