import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ApiError } from './errors.js';

const refuse = (reason: string): ApiError =>
  new ApiError(400, 'invalid_callback_url', `webhook_settings.callback_url ${reason}.`);

const stripBrackets = (host: string): string => host.replace(/^\[|\]$/g, '');

/**
 * Addresses that reach this machine: loopback, the unspecified addresses and every interface's.
 * A BlockList also matches IPv4-mapped IPv6 forms (`::ffff:7f00:1` is 127.0.0.1).
 */
function localAddresses(): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addSubnet('0.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  list.addAddress('::', 'ipv6');
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      list.addAddress(entry.address.replace(/%.*$/, ''), entry.family === 'IPv6' ? 'ipv6' : 'ipv4');
    }
  }
  return list;
}

function isLocalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return localAddresses().check(address, family === 6 ? 'ipv6' : 'ipv4');
}

async function addressesOf(hostname: string): Promise<string[]> {
  const host = stripBrackets(hostname);
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
