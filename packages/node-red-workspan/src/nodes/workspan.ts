import { registerActionNode } from './action-node.js';
import { registerAdminEndpoints } from './admin-endpoints.js';
import { registerConnectionNode } from './connection-node.js';
import { registerEventNode } from './event-node.js';
import type { NodeRedRuntime } from './node-red-types.js';
import { nodeSpecs } from './node-specs.js';
import { SubscriptionStore } from './subscription-store.js';

/** Node-RED calls this once when it loads the package: every node type comes from core's catalogue. */
export default function register(RED: NodeRedRuntime): void {
  registerConnectionNode(RED);
  const store = new SubscriptionStore(RED.settings.userDir ?? process.cwd());
  for (const spec of nodeSpecs) {
    if (spec.kind === 'action') registerActionNode(RED, spec);
    else registerEventNode(RED, spec, store);
  }
  registerAdminEndpoints(RED);
}
