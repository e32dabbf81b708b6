// `pnpm node-red`: a local Node-RED with this package installed as users install it (npm install of
// the packed tarball), the sandbox running, a configured connection and the example flows deployed.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@workspan-kit/sandbox';
import { freePort } from '@workspan-kit/test-kit';
import { createUserDirectory, packPackages, removeUserDirectory, startNodeRed } from './node-red-runtime.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const examples = JSON.parse(readFileSync(join(here, '..', 'examples', 'workspan-every-node.json'), 'utf8'));
const wanted = (name, fallback) => Number(process.env[name] ?? fallback);
const portOr = async (port) => ((await isFree(port)) ? port : freePort());

async function isFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

console.error('Starting the WorkSpan sandbox…');
const sandbox = await startSandbox({ port: await portOr(wanted('WORKSPAN_SANDBOX_PORT', 4010)) });
console.error('Packing the package and installing it into a Node-RED user directory with npm…');
const packed = await mkdtemp(join(tmpdir(), 'workspan-playground-pack-'));
const userDir = await createUserDirectory(await packPackages(packed));
await rm(packed, { recursive: true, force: true });
console.error('Starting Node-RED…');
const nodeRed = await startNodeRed({
  major: 5,
  userDir,
  port: await portOr(wanted('NODE_RED_PORT', 1880)),
  // A local playground on 127.0.0.1: no editor login. Node-RED's own log shows beside these lines.
  settings: { adminAuth: null, logging: { console: { level: 'info' } } },
  echo: true,
});
await nodeRed.deploy(
  examples.map((node) =>
    node.type === 'workspan-connection'
      ? {
          ...node,
          baseUrl: sandbox.url,
          hostname: sandbox.credentials.hostname,
          credentials: {
            clientId: sandbox.credentials.clientId,
            clientSecret: sandbox.credentials.clientSecret,
          },
        }
      : node,
  ),
);

console.log(`
Node-RED editor:   ${nodeRed.url}
WorkSpan sandbox:  ${sandbox.url}  (application user ${sandbox.credentials.clientId} / ${sandbox.credentials.clientSecret}, hostname ${sandbox.credentials.hostname})

The example flows are deployed: click an inject node's button and watch the debug sidebar.
Raise an event:    curl -X POST -H 'x-ws-env: ${sandbox.credentials.hostname}' -H 'content-type: application/json' \\
                     -d '{"stage":"won"}' ${sandbox.url}/_sandbox/objects/WS-Project_eqMx10cQ0KqAZJeQMSje/stage
Press Ctrl-C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.error('\nStopping (the event nodes unsubscribe first)…');
  await nodeRed.stop();
  await sandbox.close();
  await removeUserDirectory(userDir);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
