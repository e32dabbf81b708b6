import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GitHubStandIn } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEnvironment, routeToken } from './test-support/relay-fixture.js';

const cli = join(fileURLToPath(new URL('.', import.meta.url)), '../dist/cli.js');

function start(env: Record<string, string>, args: string[] = []): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { child, lines };
}

/** The built command, as a container or a Node service runs it. */
describe('workspan-dispatch-relay', () => {
  let github: GitHubStandIn;
  beforeAll(async () => {
    github = await new GitHubStandIn().start();
  });
  afterAll(() => github.close());

  it('serves the configuration from the environment, dispatches, and stops on SIGTERM', async () => {
    const config = {
      github: { apiUrl: github.url, token: fromEnvironment('GITHUB_TOKEN') },
      routes: {
        deals: {
          token: fromEnvironment('DEALS_TOKEN'),
          repository: 'acme/deals',
          event: 'object.stage_change',
        },
      },
    };
    const { child, lines } = start({
      WORKSPAN_RELAY_CONFIG: JSON.stringify(config),
      GITHUB_TOKEN: github.token,
      DEALS_TOKEN: routeToken,
    });
    let url: string | undefined;
    while (!url) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const listening = lines
        .map((line) => JSON.parse(line))
        .find((entry) => entry.message === 'relay listening');
      url = listening?.url;
      if (child.exitCode !== null) throw new Error(lines.join('\n'));
    }
    const response = await fetch(`${url}/hooks/deals/${routeToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object_id: 'WS-cli', stage: 'won' }),
    });
    expect(response.status).toBe(200);
    expect(github.dispatches.at(-1)?.clientPayload).toMatchObject({ payload: { object_id: 'WS-cli' } });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const log = lines.join('\n');
    expect(log).not.toContain(routeToken);
    expect(log).not.toContain(github.token);
  });

  it('refuses a bad configuration at start, naming the setting and not its value', async () => {
    const { child, lines } = start({
      WORKSPAN_RELAY_CONFIG: JSON.stringify({
        github: { token: 'ghp_value' },
        routes: { deals: { token: 'tiny', repository: 'acme/deals' } },
      }),
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/routes\.deals\.token/);
    expect(lines.join('\n')).not.toMatch(/tiny|ghp_value/);
  });
});
