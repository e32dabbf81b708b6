import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ApiError } from './errors.js';

const refuse = (reason: string): ApiError =>
  new ApiError(400, 'invalid_callback_url', `webhook_settings.callback_url ${reason}.`);

/** An address as compared here: lower case, without brackets or an IPv4-mapped IPv6 prefix. */
const plainAddress = (address: string): string =>
  address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** Addresses that reach this machine: loopback, the unspecified address and every interface's. */
function isLocalAddress(address: string): boolean {
  const plain = plainAddress(address);
  if (plain === '::1' || plain === '::' || plain === '0.0.0.0' || plain.startsWith('127.')) return true;
  return Object.values(networkInterfaces()).some((entries) =>
    (entries ?? []).some((entry) => plainAddress(entry.address) === plain),
  );
}

async function addressesOf(hostname: string): Promise<string[]> {
  const host = plainAddress(hostname);
  if (isIP(host)) return [host];
  try {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    // A name that does not resolve now cannot point here now; the delivery will report it.
    return [];
  }
}

/**
 * Refuses callback URLs that would make the sandbox call itself: any `/_sandbox/` path (its admin
 * API, e.g. `/_sandbox/reset`, wherever it is served), and any URL whose host resolves to this
 * machine on the port the sandbox listens on. Deliveries are unauthenticated POSTs, so one tenant
 * could otherwise drive the admin API or another tenant's calls.
 */
export async function checkCallbackTarget(url: URL, sandboxPort: number | undefined): Promise<void> {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  if (/(^|\/)_sandbox(\/|$)/i.test(path.replace(/\\/g, '/'))) {
    throw refuse("must not point at the sandbox's admin API (a /_sandbox/ path)");
  }
  if (sandboxPort === undefined) return;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port !== sandboxPort) return;
  const addresses = await addressesOf(url.hostname);
  if (addresses.some(isLocalAddress)) {
    throw refuse(
      `must not point at the sandbox itself (${url.hostname}:${port} is this sandbox); give the address of your webhook receiver`,
    );
  }
}
