// The commands as their users get them: `npm install --global` into a prefix of its own (the MCP server too, for the older-Node check), and
// `npx` for the MCP server, all from the local registry.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { freePort } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { childEnvironment } from './local-registry.js';
import { startCommand } from './process-output.js';

const registryEnv = inject('registryEnv');
const prefix = mkdtempSync(join(tmpdir(), 'workspan-global-'));
const home = mkdtempSync(join(tmpdir(), 'workspan-home-'));
const env = childEnvironment(registryEnv, {
  HOME: home,
  NO_COLOR: '1',
  PATH: `${join(prefix, 'bin')}:${childEnvironment(registryEnv).PATH}`,
});
const bin = (name: string) => join(prefix, 'bin', name);

beforeAll(() => {
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '@workspan-kit/cli',
      '@workspan-kit/sandbox',
      '@workspan-kit/dispatch-relay',
      '@workspan-kit/mcp-server',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 },
  );
});

afterAll(() => {
  rmSync(prefix, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** A Node.js older than 22.13 on this machine (the system's, typically), if there is one. */
function olderNode(): string | undefined {
  const candidates = new Set([process.env.WORKSPAN_OLDER_NODE, '/usr/bin/node', '/usr/local/bin/node']);
  try {
    for (const found of execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n'))
      candidates.add(found.trim());
  } catch {
    // no node on PATH
  }
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim().slice(1);
      const [major = 0, minor = 0] = version.split('.').map(Number);
      if (major >= 18 && (major < 22 || (major === 22 && minor < 13))) return candidate;
    } catch {
      // not a runnable node
    }
  }
  return undefined;
}

describe('npm install --global @workspan-kit/cli', () => {
  it('runs `workspan tour` on its own sandbox', () => {
    const stdout = execFileSync(bin('workspan'), ['tour'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(stdout).toMatch(/partly failed: 8 rows read, 5 written, 3 refused, 0 skipped/);
    expect(stdout).toMatch(/Deleted subscription WS-Subscriber_/);
  });

  const older = olderNode();
  // Each command that can start the built-in sandbox checks first; the sandbox's own exits 2 with its usage.
  it.skipIf(!older).each([
    { command: 'workspan', run: () => [bin('workspan'), 'tour'], status: 1 },
    { command: 'workspan-sandbox', run: () => [bin('workspan-sandbox'), '--quiet'], status: 2 },
    { command: 'workspan-mcp-server', run: () => [bin('workspan-mcp-server')], status: 1 },
  ])(
    `on an older Node.js (${older ?? 'none found on this machine'}), $command names the version it needs`,
    ({ command, run, status }) => {
      const [file = '', ...args] = run();
      let failure: { status: number; stderr: string } | undefined;
      try {
        execFileSync(file, args, {
          env: {
            ...env,
            PATH: `${join(prefix, 'bin')}:${join(older as string, '..')}:${process.env.PATH ?? ''}`,
          },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 120_000,
        });
      } catch (error) {
        failure = error as { status: number; stderr: string };
      }
      expect(failure?.status).toBe(status);
      expect(failure?.stderr).toContain(
        `${command} needs Node.js >= 22.13 (it uses node:sqlite); this is Node.js `,
      );
      expect(failure?.stderr).not.toContain('No such built-in module');
    },
  );
});

describe('the services start from their installed commands', () => {
  it('workspan-sandbox starts, answers its health check and stops', async () => {
    const sandbox = startCommand(
      bin('workspan-sandbox'),
      ['--port', String(await freePort()), '--quiet'],
      env,
    );
    try {
      const [, url] = await sandbox.waitFor(/WorkSpan sandbox running at (http:\/\/\S+)/);
      expect((await fetch(`${url}/_sandbox/health`)).status).toBe(200);
    } finally {
      expect(await sandbox.stop()).not.toBe('SIGKILL');
    }
  });

  it('workspan-dispatch-relay starts, answers its health check and stops', async () => {
    // The relay's own "${NAME}" references to the environment, not template strings.
    const reference = (name: string) => ['$', '{', name, '}'].join('');
    const config = {
      github: { token: reference('GITHUB_TOKEN') },
      routes: {
        deals: { token: reference('DEALS_TOKEN'), repository: 'acme/deals', event: 'object.stage_change' },
      },
    };
    const relay = startCommand(
      bin('workspan-dispatch-relay'),
      ['--port', String(await freePort()), '--host', '127.0.0.1'],
      {
        ...env,
        WORKSPAN_RELAY_CONFIG: JSON.stringify(config),
        GITHUB_TOKEN: `ghs_${randomBytes(18).toString('hex')}`,
        DEALS_TOKEN: randomBytes(24).toString('hex'),
      },
    );
    try {
      const [, url] = await relay.waitFor(/"url":"(http:\/\/[^"]+)"/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      expect(await relay.stop()).toBe(0);
    }
  });
});

describe('npx @workspan-kit/mcp-server', () => {
  it('answers a tool list over stdio', async () => {
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['--yes', '@workspan-kit/mcp-server'],
      // Outside the repository: npx would take the workspace's own copy of the package from here.
      cwd: home,
      // npx keeps what it installed in the npm cache under the package's name: a cache of this run's
      // own, so that it runs what this run published, never an earlier run's copy of one version.
      env: { ...env, PATH: childEnvironment(registryEnv).PATH, npm_config_cache: join(home, 'npm-cache') },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'workspan-install-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(10);
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining([expect.stringMatching(/report/i)]),
      );
    } finally {
      await client.close();
    }
  });
});
