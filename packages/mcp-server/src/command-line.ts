import { parseArgs } from 'node:util';
import { type Resource, resources } from '@workspan-kit/core';
import type { StartOptions } from './start-server.js';

export const usage = `Usage: workspan-mcp-server [options]

An MCP server for WorkSpan. Over stdio by default; the connection comes from WORKSPAN_ENVIRONMENT,
WORKSPAN_CLIENT_ID, WORKSPAN_CLIENT_SECRET and WORKSPAN_HOSTNAME, or, with none set, a built-in sandbox.

Options:
  --http                  serve Streamable HTTP at /mcp instead of stdio (needs WORKSPAN_MCP_TOKEN)
  --port <n>              HTTP port, also of the callback receiver for watches (default 0: a free one)
  --host <address>        address to listen on (default 127.0.0.1)
  --public-url <url>      address WorkSpan reaches this server at for watches (a tunnel)
  --read-only             offer only tools that change nothing (also WORKSPAN_MCP_READ_ONLY=true)
  --resources <list>      offer only these resources' tools, comma-separated: ${resources.map((resource) => resource.id).join(', ')}
                          (also WORKSPAN_MCP_RESOURCES)
  --max-answer-bytes <n>  cut lists in answers larger than this (default 100000)
  --session-idle-timeout <seconds>
                          HTTP: close a session with no request for this long, stopping its
                          watches (default 1800)
  --state-file <path>     where created subscriptions are noted, to delete them after a crash
  --help, --version`;

/** The options from the command line and the environment; a bad one is named as it was typed. */
export function readCommandLine(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Omit<StartOptions, 'log'> | 'help' | 'version' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      http: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      'read-only': { type: 'boolean' },
      resources: { type: 'string' },
      'max-answer-bytes': { type: 'string' },
      'state-file': { type: 'string' },
      'session-idle-timeout': { type: 'string' },
      help: { type: 'boolean' },
      version: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const chosen = values.resources ?? env.WORKSPAN_MCP_RESOURCES;
  return {
    transport: values.http ? 'http' : 'stdio',
    port: wholeNumber('--port', values.port ?? '0', 0, 65_535),
    host: values.host ?? '127.0.0.1',
    ...(values['public-url'] ? { publicUrl: httpUrl(values['public-url']) } : {}),
    ...(env.WORKSPAN_MCP_TOKEN ? { token: env.WORKSPAN_MCP_TOKEN } : {}),
    readOnly: Boolean(values['read-only']) || /^(true|1|yes)$/i.test(env.WORKSPAN_MCP_READ_ONLY ?? ''),
    ...(chosen ? { resources: resourceList(chosen) } : {}),
    maxAnswerBytes: wholeNumber(
      '--max-answer-bytes',
      values['max-answer-bytes'] ?? '100000',
      1000,
      100_000_000,
    ),
    sessionIdleTimeoutMs:
      wholeNumber('--session-idle-timeout', values['session-idle-timeout'] ?? '1800', 1, 604_800) * 1000,
    ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
    env,
  };
}

function wholeNumber(flag: string, text: string, minimum: number, maximum: number): number {
  const number = Number(text);
  if (!Number.isInteger(number) || number < minimum || number > maximum)
    throw new Error(`${flag}: expected a whole number from ${minimum} to ${maximum}; got "${text}"`);
  return number;
}

function httpUrl(text: string): string {
  const url = URL.parse(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new Error(`--public-url: expected an http(s) URL; got "${text}"`);
  return url.href;
}

function resourceList(text: string): Resource[] {
  const known = resources.map((resource) => resource.id as string);
  const chosen = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = chosen.filter((item) => !known.includes(item));
  if (unknown.length > 0 || chosen.length === 0)
    throw new Error(`--resources: expected some of ${known.join(', ')}; got "${text}"`);
  return chosen as Resource[];
}
