import {
  type ConnectionSettings,
  createUndiciTransport,
  createWorkSpanClient,
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
  /** The pace of calls on this connection, which bulk-load waiting keeps a share of. */
  pacing: { limit: number; windowMs: number };
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
  const environment =
    definition.environment === 'custom' ? (definition.baseUrl ?? '') : (definition.environment ?? '');
  return {
    environment,
    clientId: credentials.clientId ?? '',
    clientSecret: credentials.clientSecret ?? '',
    hostname: definition.hostname ?? '',
  };
}

/** The client's pacing: WorkSpan's documented 100 calls per 60 s unless the connection says otherwise. */
export function pacing(definition: ConnectionDefinition): { limit: number; windowMs: number } {
  const limit = Number(definition.callsPerMinute ?? 100);
  return { limit: Number.isInteger(limit) && limit > 0 ? limit : 100, windowMs: 60_000 };
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
      this.pacing = pacing(definition);

      // One client per config node: every node using it shares its token and its throttle.
      this.client = () => {
        if (!client) {
          transport = createUndiciTransport();
          client = createWorkSpanClient({
            connection: connectionSettings(definition, this.credentials ?? {}),
            throttle: this.pacing,
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
        const nowFailing = error instanceof WorkSpanAuthenticationError;
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
