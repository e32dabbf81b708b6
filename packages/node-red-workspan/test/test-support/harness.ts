import { once } from 'node:events';
import { cp, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { waitFor } from '@workspan-kit/test-kit';
import { inject } from 'vitest';
import { type NodeRedProcess, removeUserDirectory, startNodeRed } from '../../runtime/node-red-runtime.mjs';

export { ensureRuntime, type NodeRedProcess, removeUserDirectory } from '../../runtime/node-red-runtime.mjs';

/** The packed tarballs of core and this package (packed once per run by the global setup). */
export function packedTarballs(): string[] {
  return inject('nodeRedPackage').tarballs;
}

/** A fresh user directory with the package installed by npm (installed once per run, then copied). */
export async function userDirectoryWithPackage(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'workspan-node-red-'));
  await cp(inject('nodeRedPackage').installed, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

export function sandboxWithFastDelivery(): Promise<RunningSandbox> {
  return startSandbox({ port: 0, delivery: { retryDelaysMs: [50, 100, 200], timeoutMs: 2000 } });
}

/** Records what Node-RED posts to it, by path. */
export class Collector {
  readonly received = new Map<string, unknown[]>();
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const key = (request.url ?? '/').slice(1);
        const list = this.received.get(key) ?? [];
        list.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
        this.received.set(key, list);
        response.end('ok');
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  messages(key: string): unknown[] {
    return this.received.get(key) ?? [];
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

/** Polls until `check` returns a value other than undefined (state settles asynchronously). */
export const eventually = <T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  limitMs = 15_000,
) => waitFor(what, check, { timeoutMs: limitMs, intervalMs: 50, retryOnError: true });

/** A sandbox and a real Node-RED with the package installed, the pair every runtime test needs. */
export interface Testbed {
  sandbox: RunningSandbox;
  nodeRed: NodeRedProcess;
  userDir: string;
  /** Starts Node-RED again on the same user directory (after a kill). */
  restart(): Promise<NodeRedProcess>;
  close(): Promise<void>;
}

export async function startTestbed(options: {
  major: 4 | 5;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<Testbed> {
  const sandbox = await sandboxWithFastDelivery();
  const userDir = await userDirectoryWithPackage();
  const start = () => startNodeRed({ ...options, userDir });
  const testbed: Testbed = {
    sandbox,
    userDir,
    nodeRed: await start(),
    restart: async () => {
      testbed.nodeRed = await start();
      return testbed.nodeRed;
    },
    close: async () => {
      await testbed.nodeRed.stop();
      await sandbox.close();
      await removeUserDirectory(userDir);
    },
  };
  return testbed;
}
