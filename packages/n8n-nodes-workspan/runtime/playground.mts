// `pnpm n8n`: a local n8n with this package installed the way users get it, the sandbox running,
// a credential for it and the example workflows imported. Stops (and cleans up) on Ctrl-C.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { owner, startN8n } from '../test-support/n8n-instance.mts';
import { startTestSandbox } from '../test-support/sandbox.mts';
import { createCredential } from '../test-support/workflows.mts';
import { packageRoot } from './n8n-runtime.mts';

const port = Number(process.env.N8N_PORT ?? 5678);
const log = (line: string) => process.stdout.write(`${line}\n`);

log('Starting the WorkSpan sandbox and n8n (the first run installs n8n, about 3 minutes)…');
const sandbox = await startTestSandbox({ port: Number(process.env.WORKSPAN_SANDBOX_PORT ?? 0) });
const n8n = await startN8n({ port, log: (line) => (process.env.DEBUG ? log(`n8n: ${line}`) : undefined) });
const credential = await createCredential(n8n, 'WorkSpan sandbox', sandbox.credentialData);
const examples = join(packageRoot, 'examples');
for (const file of readdirSync(examples).filter((name) => name.endsWith('.json'))) {
  const definition = JSON.parse(
    readFileSync(join(examples, file), 'utf8').replaceAll(
      '"workspan-sandbox"',
      JSON.stringify(credential.id),
    ),
  );
  const created = await n8n.api('/workflows', { body: definition });
  log(
    `  imported ${definition.name}${created.status === 200 ? '' : ` (failed: ${JSON.stringify(created.body)})`}`,
  );
}

log(`
n8n:       ${n8n.url}   sign in as ${owner.email} / ${owner.password}
Sandbox:   ${sandbox.url}   (credential "WorkSpan sandbox" points at it)
Fire a trigger from the sandbox's admin API, for example a stage change of an opportunity:
  curl -s "${sandbox.url}/_sandbox/objects?type=opportunity&limit=1" -H 'x-ws-env: ${sandbox.credentials.hostname}'
  curl -s -X POST "${sandbox.url}/_sandbox/objects/<object_id>/stage" -H 'x-ws-env: ${sandbox.credentials.hostname}' \\
       -H 'content-type: application/json' -d '{"stage":"won"}'
Press Ctrl-C to stop both.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  log('Stopping…');
  await n8n.close();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
