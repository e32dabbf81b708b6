import type { ConnectionNode } from './connection-node.js';
import type { NodeRedRuntime, NodeStatus, RuntimeNode } from './node-red-types.js';

export type ShowStatus = (
  fill: NodeStatus['fill'],
  shape: NodeStatus['shape'],
  key: string,
  values?: Record<string, unknown>,
) => void;

/** The node's connection (null when none is set) and a status setter whose texts come from the message catalogue. */
export function connectionAndStatus(
  RED: NodeRedRuntime,
  node: RuntimeNode,
  connectionId: string | undefined,
): { connection: ConnectionNode | null; status: ShowStatus } {
  const connection = connectionId ? (RED.nodes.getNode(connectionId) as ConnectionNode | null) : null;
  const status: ShowStatus = (fill, shape, key, values = {}) =>
    node.status({ fill, shape, text: RED._(`workspan.status.${key}`, values) });
  return { connection, status };
}
