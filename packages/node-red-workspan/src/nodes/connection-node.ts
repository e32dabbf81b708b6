import {
  type ConnectionSettings,
  connectionFromFields,
  createUndiciTransport,
  createWorkSpanClient,
  runDefaults,
  WorkSpanAuthenticationError,
  type WorkSpanClient,
} from '@workspan-kit/core/node';
import type { NodeDefinition, NodeRedRuntime, NodeStatus, RuntimeNode } from './node-red-types.js';
import { connectionNodeType } from './node-specs.js';

/** Values of the config node as stored in the flow (credentials apart). */
export interface ConnectionDefinition {
  environment?: string;
  baseUrl?: string;
  hostname?: string;
  callsPerMinute?: string | number;
}

export interface ConnectionCredentials {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/** A node that shows the connection's state in its own status when it is idle. */
export interface ConnectionUser {
  showConnectionStatus(status: NodeStatus | undefined): void;
}

export interface ConnectionNode extends RuntimeNode {
  client(): WorkSpanClient;
  /** The connection's call budget, which bulk-load waiting spends at most a quarter of. */
  callBudget: { limit: number; windowMs: number };
  register(user: ConnectionUser): void;
  deregister(user: ConnectionUser): void;
  /** Called by users after each call, so every user of the connection shows an authentication failure. */
  report(error: unknown): void;
}

/** Turns the config node's values into core's connection settings. */
export function connectionSettings(
  definition: ConnectionDefinition,
  credentials: ConnectionCredentials,
): ConnectionSettings {
  return connectionFromFields({ ...definition, ...credentials });
}

/**
 * The connection's call budget: WorkSpan's documented one (core's `runDefaults.callBudget`) unless
 * the connection's *Calls per 60 s* (stored as `callsPerMinute`) says otherwise.
 */
export function callBudget(definition: ConnectionDefinition): { limit: number; windowMs: number } {
  const documented = runDefaults.callBudget;
  const limit = Number(definition.callsPerMinute ?? documented.limit);
  return {
    limit: Number.isInteger(limit) && limit > 0 ? limit : documented.limit,
    windowMs: documented.windowMs,
  };
}

export function registerConnectionNode(RED: NodeRedRuntime): void {
  RED.nodes.registerType(
    connectionNodeType,
    function (this: ConnectionNode, definition: NodeDefinition & ConnectionDefinition) {
      RED.nodes.createNode(this, definition);
      const users = new Set<ConnectionUser>();
      let client: WorkSpanClient | undefined;
      let transport: ReturnType<typeof createUndiciTransport> | undefined;
      let failing = false;
      this.callBudget = callBudget(definition);

      // One client per config node: every node using it shares its token and its throttle.
      this.client = () => {
        if (!client) {
          transport = createUndiciTransport();
          client = createWorkSpanClient({
            connection: connectionSettings(definition, this.credentials ?? {}),
            throttle: this.callBudget,
            transport,
            userAgent: 'workspan-kit node-red',
          });
        }
        return client;
      };
      this.register = (user) => {
        users.add(user);
        if (failing) user.showConnectionStatus(authenticationFailed());
      };
      this.deregister = (user) => users.delete(user);
      this.report = (error) => {
        const nowFailing = WorkSpanAuthenticationError.isInstance(error);
        if (nowFailing === failing) return;
        failing = nowFailing;
        for (const user of users) user.showConnectionStatus(failing ? authenticationFailed() : undefined);
      };
      const authenticationFailed = (): NodeStatus => ({
        fill: 'red',
        shape: 'ring',
        text: RED._('workspan.status.authentication-failed'),
      });
      this.on('close', (_removed, done) => {
        users.clear();
        const closing = transport?.close();
        client = undefined;
        transport = undefined;
        if (closing) closing.then(done, done);
        else done();
      });
    },
    { credentials: { clientId: { type: 'text' }, clientSecret: { type: 'password' } } },
  );
}
