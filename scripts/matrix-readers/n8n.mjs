// The n8n column of the conformance matrix (see matrix.mjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load, root } from './built.mjs';

/** The operations a user can pick in the built n8n nodes, or undefined when they are not built. */
export async function readN8n() {
  // What a user can pick in the built nodes: each resource's operations, and the trigger's event sources.
  const dist = join(root, 'packages/n8n-nodes-workspan/dist/nodes');
  const core = await load('packages/core/dist/index.js');
  if (!core || !existsSync(join(dist, 'WorkSpan/WorkSpan.node.js'))) return undefined;
  const require = createRequire(join(dist, 'index.js'));
  const { WorkSpan } = require('./WorkSpan/WorkSpan.node.js');
  const { WorkSpanTrigger } = require('./WorkSpanTrigger/WorkSpanTrigger.node.js');
  const operations = Object.values(core.catalogue);
  const picked = new Set();
  const actions = new WorkSpan().description.properties;
  for (const resource of actions.find((property) => property.name === 'resource').options) {
    const selector = actions.find(
      (property) =>
        property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value),
    );
    for (const option of selector?.options ?? []) {
      const operation = operations.find(
        (candidate) => candidate.resource === resource.value && candidate.key === option.value,
      );
      if (operation && operation.kind !== 'trigger') picked.add(operation.id);
    }
  }
  const sources = new WorkSpanTrigger().description.properties.find(
    (property) => property.name === 'eventSource',
  );
  for (const option of sources?.options ?? []) {
    const operation = operations.find(
      (candidate) => candidate.kind === 'trigger' && candidate.key === option.value,
    );
    if (operation) picked.add(operation.id);
  }
  return picked;
}
