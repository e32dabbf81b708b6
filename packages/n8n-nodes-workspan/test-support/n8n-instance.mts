// A real n8n process for tests and the playground: its own user folder, this package installed
// the way users get it (the packed tarball in the community nodes folder), an owner and an API key.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@workspan-kit/test-kit';
import { ensureN8nRuntime, type N8nRuntime, packageRoot, pnpmCommand } from '../runtime/n8n-runtime.mts';

export const packageName = '@workspan-kit/n8n-nodes-workspan';

export const owner = {
  email: 'owner@example.com',
  password: 'Playground-Passw0rd',
  firstName: 'Work',
  lastName: 'Span',
};

/** Packs the package as npm would publish it and unpacks the tarball into `target`. */
export function installPackedPackage(nodesFolder: string): string {
  const packFolder = mkdtempSync(join(tmpdir(), 'workspan-n8n-pack-'));
  try {
    const [command, ...prefix] = pnpmCommand();
    execFileSync(command, [...prefix, 'pack', '--pack-destination', packFolder], {
      cwd: packageRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(packFolder).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('pnpm pack produced no tarball');
    const target = join(nodesFolder, 'node_modules', ...packageName.split('/'));
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(packFolder, tarball), '-C', target, '--strip-components=1']);
    return target;
  } finally {
    rmSync(packFolder, { recursive: true, force: true });
  }
}

// biome-ignore lint/suspicious/noExplicitAny: n8n's answers are free-form JSON read by tests
export type ApiAnswer = { status: number; body: any };

export interface N8nOptions {
  /** Reuse a user folder (a restart); a new temporary one when absent. */
  userFolder?: string;
  port?: number;
  env?: Record<string, string>;
  /** Put the packed package in the nodes folder first (default); false for a test that installs it. */
  installPackage?: boolean;
  /** Lines of n8n's output, for debugging. */
  log?: (line: string) => void;
}

export interface RunningN8n {
  url: string;
  port: number;
  userFolder: string;
  process: ChildProcess;
  host: N8nRuntime;
  /** Calls n8n's public API with the instance's API key. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<ApiAnswer>;
  /** Calls n8n's internal REST API as the signed-in owner. */
  rest(path: string, init?: { method?: string; body?: unknown }): Promise<ApiAnswer>;
  /** n8n's latest log lines (its own record of, for example, a trigger that failed to activate). */
  logs(): string[];
  /** Runs an n8n command (import:workflow, publish:workflow, ...) against this user folder. */
  command(args: string[]): string;
  stop(): Promise<void>;
  /** Stops n8n and removes its user folder (unless it was given). */
  close(): Promise<void>;
}

const encryptionKeys = new Map<string, string>();

export function environment(
  userFolder: string,
  port: number,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  let key = encryptionKeys.get(userFolder);
  if (!key) {
    key = randomBytes(24).toString('hex');
    encryptionKeys.set(userFolder, key);
  }
  // Not the test runner's own settings (NODE_ENV=test, VITEST...): n8n runs as a user runs it.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|NODE_OPTIONS$|TINYPOOL)/.test(name)),
  );
  return {
    ...inherited,
    NODE_ENV: 'production',
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: key,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    WEBHOOK_URL: `http://127.0.0.1:${port}/`,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_RUNNERS_MODE: 'internal',
    N8N_RUNNERS_BROKER_PORT: String(port + 1),
    N8N_SECURE_COOKIE: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
    N8N_LOG_LEVEL: 'warn',
    DB_SQLITE_POOL_SIZE: '2',
    ...extra,
  };
}

/**
 * Starts n8n with the packed package installed and, on a fresh folder, an owner and an API key.
 * A start that dies early (a port taken between choosing and binding it) is tried once more.
 */
export async function startN8n(options: N8nOptions = {}): Promise<RunningN8n> {
  try {
    return await startN8nOnce(options);
  } catch (error) {
    if (
      options.port !== undefined ||
      !String((error as Error).message).startsWith('n8n exited while starting')
    )
      throw error;
    options.log?.(String((error as Error).message));
    return await startN8nOnce(options);
  }
}

async function startN8nOnce(options: N8nOptions): Promise<RunningN8n> {
  const host = await ensureN8nRuntime(options.log);
  const givenFolder = options.userFolder !== undefined;
  const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'workspan-n8n-'));
  const nodesFolder = join(userFolder, '.n8n', 'nodes');
  if (
    options.installPackage !== false &&
    !existsSync(join(nodesFolder, 'node_modules', ...packageName.split('/')))
  )
    installPackedPackage(nodesFolder);
  const port = options.port ?? (await freePort());
  const env = environment(userFolder, port, options.env);
  const url = `http://127.0.0.1:${port}`;
  const { child, output, exited, stop } = spawnN8nProcess(host, ['start'], env, options.log);
  await waitUntilReady(`${url}/healthz/readiness`, { output, exited });

  let cookie = '';
  let apiKey = '';
  const rest = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${url}/rest${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        'content-type': 'application/json',
        ...(cookie ? { cookie } : {}),
        'browser-id': 'workspan-tests',
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] ?? cookie;
    const text = await response.text();
    return { status: response.status, body: text ? safeJson(text) : undefined } as ApiAnswer;
  };
  const signIn = async () => {
    const setup = await rest('/owner/setup', { body: owner });
    if (setup.status !== 200) {
      const login = await rest('/login', {
        body: { emailOrLdapLoginId: owner.email, password: owner.password },
      });
      if (login.status !== 200) throw new Error(`cannot sign in to n8n: ${JSON.stringify(login.body)}`);
    }
    const created = await rest('/api-keys', {
      body: { label: `tests-${Date.now()}`, expiresAt: null, scopes: apiKeyScopes },
    });
    apiKey = created.body?.data?.rawApiKey ?? '';
    if (!apiKey) throw new Error(`cannot create an n8n API key: ${JSON.stringify(created.body)}`);
  };
  await signIn();

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? safeJson(text) : undefined } as ApiAnswer;
  };

  return {
    url,
    port,
    userFolder,
    process: child,
    host,
    logs: () => [...output],
    api,
    rest,
    command: (args) =>
      execFileSync(host.node, [host.n8nBin, ...args], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    stop,
    close: async () => {
      await stop();
      if (!givenFolder) rmSync(userFolder, { recursive: true, force: true });
    },
  };
}

export interface N8nProcess {
  child: ChildProcess;
  /** n8n's latest output lines. */
  output: string[];
  exited(): boolean;
  /** SIGTERM, then SIGKILL after 20 s. */
  stop(): Promise<void>;
}

/** Runs an n8n command (`start`, `worker`, `webhook`), keeping its last 500 lines of output. */
export function spawnN8nProcess(
  host: N8nRuntime,
  args: string[],
  env: NodeJS.ProcessEnv,
  log?: (line: string) => void,
): N8nProcess {
  const child = spawn(host.node, [host.n8nBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 500) output.shift();
      log?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  child.once('exit', (code, signal) => {
    exited = true;
    output.push(`n8n exited with ${signal ?? code}`);
  });
  const stop = async () => {
    if (exited) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await done;
    clearTimeout(forced);
  };
  return { child, output, exited: () => exited, stop };
}

/** Waits (at most 150 s) until an n8n process answers its readiness check. */
export async function waitUntilReady(
  readinessUrl: string,
  process: Pick<N8nProcess, 'output' | 'exited'>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (process.exited()) throw new Error(`n8n exited while starting:\n${process.output.join('\n')}`);
    try {
      const response = await fetch(readinessUrl);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (attempt > 600) throw new Error(`n8n did not become ready:\n${process.output.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const apiKeyScopes = [
  'workflow:create',
  'workflow:read',
  'workflow:update',
  'workflow:delete',
  'workflow:list',
  'workflow:activate',
  'workflow:deactivate',
  'execution:read',
  'execution:list',
  'execution:delete',
  'credential:create',
  'credential:delete',
  'credential:update',
  'credential:list',
];

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Copies a user folder (for a restart in a second process). */
export function copyUserFolder(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}
