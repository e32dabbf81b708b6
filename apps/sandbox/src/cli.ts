#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isLoopback, olderNodeMessage } from '@workspan-kit/core/internal';

const usage = `Usage: workspan-sandbox [options]

A local WorkSpan API (the Power Platform connector's operations) with a SQLite database and real
webhook delivery.

Options:
  --port N              port to listen on (default 4010; 0 picks a free port)
  --host H              interface to listen on (default 127.0.0.1)
  --db FILE             SQLite database file (default: in memory); reopened as is when it exists
  --seed FILE|none      seed JSON file, or "none" for tenants without data (default: demo data)
  --faults JSON         faults from the start, e.g. '{"errorRates":{"503":0.1},"latencyMs":200}'
  --token-lifetime S    access token lifetime in seconds (default 3600)
  --rate-limit N/MS     calls per connection per window, e.g. 100/60000 (default), or "off"
  --admin-token TOKEN   require "Authorization: Bearer TOKEN" on the admin API (/_sandbox/);
                        also read from WORKSPAN_SANDBOX_ADMIN_TOKEN. Set it when --host is not local
  --bare-deliveries     deliver as WorkSpan does: the bare payload, none of the sandbox's
                        x-workspan-* headers (no delivery id); also PUT /_sandbox/delivery
  --quiet               do not log requests
  -h, --help            show this help
`;

function fail(message: string): never {
  process.stderr.write(`workspan-sandbox: ${message}\n\n${usage}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const older = olderNodeMessage('workspan-sandbox', process.versions.node);
  if (older) {
    process.stderr.write(`${older}\n`);
    process.exit(2);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        faults: { type: 'string' },
        'token-lifetime': { type: 'string' },
        'rate-limit': { type: 'string' },
        'admin-token': { type: 'string' },
        'bare-deliveries': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const { parseFaultsFlag, SandboxStartError, startSandbox } = await import('./index.js');
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

  const port = Number(text('port') ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0…65535');
  const tokenLifetime = text('token-lifetime') === undefined ? undefined : Number(text('token-lifetime'));
  if (tokenLifetime !== undefined && (!Number.isInteger(tokenLifetime) || tokenLifetime < 1)) {
    fail('--token-lifetime must be a whole number of seconds >= 1');
  }
  let rateLimit: { limit: number; windowMs: number } | false | undefined;
  const rateText = text('rate-limit');
  if (rateText !== undefined) {
    if (rateText === 'off' || rateText === 'none') rateLimit = false;
    else {
      const match = /^(\d+)\/(\d+)$/.exec(rateText);
      if (!match) fail('--rate-limit must look like 100/60000 (calls/milliseconds) or "off"');
      rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) };
      if (rateLimit.limit < 1 || rateLimit.windowMs < 1) fail('--rate-limit needs positive numbers');
    }
  }
  let faults: ReturnType<typeof parseFaultsFlag> | undefined;
  const faultsText = text('faults');
  if (faultsText !== undefined) {
    try {
      faults = parseFaultsFlag(faultsText);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  const seedText = text('seed');
  const seed = seedText === undefined ? true : seedText === 'none' ? false : seedText;

  const stamp = () => new Date().toISOString().slice(11, 23);
  const quiet = values.quiet === true;
  const logger = {
    info: (message: string) => {
      if (!quiet) process.stdout.write(`${stamp()} ${message}\n`);
    },
    warn: (message: string) => process.stderr.write(`${stamp()} warn  ${message}\n`),
    error: (message: string) => process.stderr.write(`${stamp()} error ${message}\n`),
  };

  const adminToken = text('admin-token') ?? process.env.WORKSPAN_SANDBOX_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.trim() === '') fail('--admin-token must not be empty');
  const host = text('host') ?? '127.0.0.1';
  const flags: Record<string, string> = {
    port: '--port',
    host: '--host',
    databaseFile: '--db',
    seed: '--seed',
  };
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      port,
      host,
      ...(text('db') ? { databaseFile: text('db') } : {}),
      seed,
      ...(faults ? { faults } : {}),
      ...(tokenLifetime !== undefined ? { tokenLifetimeSeconds: tokenLifetime } : {}),
      ...(rateLimit !== undefined ? { rateLimit } : {}),
      ...(adminToken !== undefined ? { adminToken } : {}),
      ...(values['bare-deliveries'] === true ? { delivery: { bare: true } } : {}),
      logger,
    });
  } catch (error) {
    if (!(error instanceof SandboxStartError)) throw error;
    process.stderr.write(`workspan-sandbox: ${error.describe(flags[error.option] ?? error.option)}\n`);
    process.exit(2);
  }
  if (adminToken === undefined && !isLoopback(host)) {
    logger.warn(
      `the admin API (/_sandbox/, which can reset every tenant) is open to anyone who reaches ${host}; start with --admin-token or WORKSPAN_SANDBOX_ADMIN_TOKEN to protect it`,
    );
  }

  const lines = [
    '',
    `WorkSpan sandbox running at ${sandbox.url}`,
    `  Environment URL (token:env): ${sandbox.url}`,
    `  Database: ${text('db') ?? 'in memory'}`,
    '',
    '  Tenants (HostName → AppUserId / AppUserSecret):',
    ...sandbox.tenants.map((t) => `    ${t.hostname.padEnd(22)} ${t.clientId} / ${t.clientSecret}`),
    '',
    '  Get a token:',
    `    curl -s -X POST '${sandbox.url}/oauth/token?x-ws-env=${sandbox.credentials.hostname}' \\`,
    `      -d 'grant_type=client_credentials&client_id=${sandbox.credentials.clientId}&client_secret=${sandbox.credentials.clientSecret}'`,
    `  Admin API: ${sandbox.url}/_sandbox/health`,
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: closing the sandbox…\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // The stack is for sandbox bugs only; set WORKSPAN_DEBUG=1 to see it.
  const detail = process.env.WORKSPAN_DEBUG
    ? ((error as Error).stack ?? String(error))
    : String((error as Error).message ?? error);
  process.stderr.write(`workspan-sandbox: ${detail}\n`);
  process.exit(1);
});
