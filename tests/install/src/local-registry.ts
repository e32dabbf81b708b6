// A real npm registry on loopback (Verdaccio, pinned in ../verdaccio and installed on first use
// into a cache folder), its storage in a temporary folder. The packages this repository publishes
// are served from it only; installs take the @workspan-kit scope from it and the rest from the
// upstream registry (which Verdaccio would also proxy, for a client pointed at it alone).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@workspan-kit/test-kit';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const definition = join(repositoryRoot, 'tests/install/verdaccio');

/** Every package the release publishes, with its folder. */
export const publicPackages = [
  { name: '@workspan-kit/core', folder: 'packages/core' },
  { name: '@workspan-kit/cli', folder: 'packages/cli' },
  { name: '@workspan-kit/n8n-nodes-workspan', folder: 'packages/n8n-nodes-workspan' },
  { name: '@workspan-kit/node-red-workspan', folder: 'packages/node-red-workspan' },
  { name: '@workspan-kit/mcp-server', folder: 'packages/mcp-server' },
  { name: '@workspan-kit/dispatch-relay', folder: 'apps/dispatch-relay' },
  { name: '@workspan-kit/sandbox', folder: 'apps/sandbox' },
] as const;

// npm calls module.enableCompileCache(), which would leave Node's compile cache in the test run's
// temporary folder; every process started here runs without it.
const withoutCompileCache = () => ({ ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' });

function cacheRoot(): string {
  return (
    process.env.WORKSPAN_INSTALL_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'workspan-kit')
  );
}

/** Installs the pinned Verdaccio once (a new lockfile gets a new folder) and returns its entry. */
export function ensureVerdaccio(): string {
  const digest = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json'])
    digest.update(readFileSync(join(definition, file)));
  const folder = join(cacheRoot(), `verdaccio-${digest.digest('hex').slice(0, 12)}`);
  const entry = join(folder, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (existsSync(join(folder, '.installed'))) return entry;
  const staging = `${folder}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(join(definition, file), join(staging, file));
  try {
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      env: withoutCompileCache(),
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(staging, '.installed'), new Date().toISOString());
  try {
    renameSync(staging, folder);
  } catch {
    // Another run finished first: use its install.
    rmSync(staging, { recursive: true, force: true });
  }
  return entry;
}

export interface LocalRegistry {
  url: string;
  /** For publishing: npm and pnpm pointed at this registry, with a publishing token. */
  publishEnv: Record<string, string>;
  /**
   * For installing: this repository's scope from this registry, everything else from the upstream
   * registry, as a company with a private registry for its scope sets npm up.
   */
  env: Record<string, string>;
  close(): Promise<void>;
}

function upstream(): string {
  try {
    return execFileSync('npm', ['config', 'get', 'registry'], {
      encoding: 'utf8',
      env: withoutCompileCache(),
    }).trim();
  } catch {
    return 'https://registry.npmjs.org/';
  }
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
  const entry = ensureVerdaccio();
  const folder = mkdtempSync(join(tmpdir(), 'workspan-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proxy = process.env.HTTPS_PROXY ?? process.env.https_proxy;
  writeFileSync(
    join(folder, 'config.yaml'),
    [
      `storage: ${join(folder, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(folder, 'htpasswd')}`,
      'uplinks:',
      '  upstream:',
      `    url: ${upstream()}`,
      '    timeout: 60s',
      ...(proxy ? [`https_proxy: ${proxy}`] : []),
      'packages:',
      // This repository's packages come from here only, never from the upstream registry.
      "  '@workspan-kit/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: upstream',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, '--config', join(folder, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...withoutCompileCache(), NODE_ENV: 'production' },
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const close = async () => {
    if (!exited) {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(forced);
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    for (let attempt = 0; ; attempt++) {
      if (exited) throw new Error(`Verdaccio exited while starting:\n${output.join('')}`);
      if (attempt > 240) throw new Error(`Verdaccio did not answer within a minute:\n${output.join('')}`);
      try {
        if ((await fetch(`${url}/-/ping`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const created = await fetch(`${url}/-/user/org.couchdb.user:release`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: randomBytes(12).toString('hex') }),
    });
    const { token } = (await created.json()) as { token?: string };
    if (!token) throw new Error(`Verdaccio gave no token (HTTP ${created.status})`);
    const common = {
      // npm's cache lives beside Verdaccio's install: tarballs are found by their integrity, so this
      // run's freshly published packages are never taken for an earlier run's.
      npm_config_cache: join(cacheRoot(), 'install-tests-npm-cache'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    const publishConfig = join(folder, 'publish.npmrc');
    writeFileSync(publishConfig, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const installConfig = join(folder, 'install.npmrc');
    writeFileSync(installConfig, `registry=${upstream()}\n@workspan-kit:registry=${url}/\n`);
    const publishEnv = { ...common, NPM_CONFIG_USERCONFIG: publishConfig, npm_config_registry: `${url}/` };
    const env = { ...common, NPM_CONFIG_USERCONFIG: installConfig, npm_config_userconfig: installConfig };
    return { url, publishEnv, env, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The environment a child process gets: the registry's, and this Node.js (24) first on PATH. */
export function childEnvironment(registryEnv: Record<string, string>, extra: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITEST|NODE_ENV$|NODE_OPTIONS$|TINYPOOL|npm_|NPM_CONFIG_|PNPM_|WORKSPAN_)/i.test(name),
    ),
  ) as Record<string, string>;
  return {
    ...inherited,
    ...registryEnv,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    NODE_DISABLE_COMPILE_CACHE: '1',
    ...extra,
  };
}

/** Publishes every public package with the release workflow's own command, `pnpm release:publish`. */
export function publishAll(registry: LocalRegistry): string {
  const pnpm =
    process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? process.env.npm_execpath : undefined;
  const [command, ...prefix] = pnpm ? (pnpm.endsWith('js') ? [process.execPath, pnpm] : [pnpm]) : ['pnpm'];
  return execFileSync(command as string, [...prefix, 'release:publish'], {
    cwd: repositoryRoot,
    env: childEnvironment(registry.publishEnv),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}
