import type { IncomingMessage } from 'node:http';
import {
  buildCallbackUrl,
  createCallbackToken,
  createDeliveryReceiver,
  createListDedupeStore,
  defaultDeliveryBodyLimit,
  deleteSubscription,
  deliveryMetadataKey,
  desiredSubscription,
  listSubscriptions,
  readCappedBody,
  reconcileSubscriptions,
  subscribeTrigger,
  type TriggerOperationId,
} from '@workspan-kit/core/node';
import type { ConnectionUser } from './connection-node.js';
import { describeNodeFailure, eventStatusText } from './errors.js';
import type { NodeDefinition, NodeRedRuntime, RuntimeNode } from './node-red-types.js';
import type { NodeSpec } from './node-specs.js';
import { connectionAndStatus } from './node-status.js';
import { evaluateTyped, type Parameters, readInput } from './property-values.js';
import type { SubscriptionStore } from './subscription-store.js';

export interface EventDefinition extends NodeDefinition {
  connection?: string;
  parameters?: Parameters;
  /** Public base URL WorkSpan reaches this Node-RED at (behind a proxy or tunnel). */
  publicUrl?: string;
  publicUrlType?: string;
}

/** The path on Node-RED's httpNode server that receives this node's deliveries. */
export const deliveryRoute = (nodeId: string) => `/workspan/events/${nodeId}`;

/**
 * The raw bytes of a delivery. A body parser that ran before this route (`httpNodeMiddleware`, or
 * an HTTP In node's parsers on the same server) sets `request.body` — to `{}` even for a body it
 * did not parse — so its value is used only when the parser consumed the stream (`_body`), and the
 * stream is read otherwise. A parsed object is written back as JSON only when it is shallow enough
 * to write; else the delivery is refused as too deep.
 */
async function deliveryBody(
  request: IncomingMessage & { body?: unknown; _body?: boolean },
  limit: number,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (request._body !== true) return readCappedBody(request, limit, request.headers['content-length']);
  const { body } = request;
  if (Buffer.isBuffer(body)) return { bytes: body, complete: true };
  if (typeof body === 'string') return { bytes: Buffer.from(body), complete: true };
  return { bytes: Buffer.from(safeJson(body)), complete: true };
}

/** JSON text of an already parsed body; a structure too deep to write becomes a body core refuses. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '['.repeat(1000);
  }
}

export function publicBaseUrl(RED: NodeRedRuntime, configured: string | undefined): string {
  const base =
    configured?.trim() ||
    (typeof RED.settings.workspanPublicUrl === 'string' ? RED.settings.workspanPublicUrl : '') ||
    `http://127.0.0.1:${RED.settings.uiPort ?? 1880}`;
  const root = typeof RED.settings.httpNodeRoot === 'string' ? RED.settings.httpNodeRoot : '/';
  return `${base.replace(/\/+$/, '')}${root === '/' ? '' : `/${root.replace(/^\/+|\/+$/g, '')}`}`;
}

export function registerEventNode(RED: NodeRedRuntime, spec: NodeSpec, store: SubscriptionStore): void {
  const operation = spec.operations[0];
  if (!operation) throw new Error(`${spec.type} has no trigger`);
  const triggerId = operation.id as TriggerOperationId;
  const maxBytes = defaultDeliveryBodyLimit;

  RED.nodes.registerType(spec.type, function (this: RuntimeNode, definition: EventDefinition) {
    RED.nodes.createNode(this, definition);
    const { connection, status } = connectionAndStatus(RED, this, definition.connection);
    const user: ConnectionUser = { showConnectionStatus: (next) => next && this.status(next) };
    const token = createCallbackToken();
    const route = deliveryRoute(this.id);
    const context = this.context();
    // Core's receiver: token, size and JSON checks, then dedupe on the ids kept in node context.
    const receive = createDeliveryReceiver({
      token,
      maxBytes,
      store: createListDedupeStore({
        read: () => context.get('workspanDeliveries') as unknown[] | undefined,
        write: (entries) => context.set('workspanDeliveries', entries),
      }),
    });
    let subscriberId: string | undefined;
    let delivered = 0;

    RED.httpNode.post(route, async (request, response) => {
      try {
        const { bytes, complete } = await deliveryBody(request, maxBytes);
        const verdict = await receive({ url: request.url ?? '', headers: request.headers, body: bytes });
        // An unread rest of the body would keep the connection busy: close it once answered.
        if (!complete) response.setHeader('connection', 'close');
        // A refused delivery learns nothing about why beyond the status.
        if (!verdict.accepted) return response.status(verdict.status).end();
        response.status(200).json({ received: true, duplicate: verdict.delivery.duplicate });
        if (verdict.warning) this.warn(verdict.warning);
        if (verdict.delivery.duplicate) {
          this.log(`skipped a redelivery (${verdict.delivery.dedupeKey}, ${verdict.delivery.digest})`);
          status('yellow', 'dot', 'duplicate', { count: delivered });
          return;
        }
        delivered++;
        this.send({
          payload: verdict.payload,
          [deliveryMetadataKey]: { subscriberId, ...verdict.delivery },
        });
        status('green', 'dot', 'received', { count: delivered });
      } catch (error) {
        this.error(error);
        if (!response.headersSent) response.status(500).end();
      }
    });

    const started = (async () => {
      if (!connection) {
        status('red', 'ring', 'no-connection');
        return;
      }
      connection.register(user);
      const client = connection.client();
      client.addSecret(token);
      let input: Record<string, unknown> | undefined;
      try {
        input = await readInput(RED, this, {}, operation, definition.parameters ?? {});
        if (!input.name) input.name = `Node-RED ${this.id}`;
        const publicUrl = await evaluateTyped(
          RED,
          this,
          {},
          {
            value: definition.publicUrl ?? '',
            type: definition.publicUrlType ?? 'str',
          },
        );
        const callbackUrl = buildCallbackUrl(`${publicBaseUrl(RED, String(publicUrl ?? ''))}${route}`, token);
        // Checked before anything is sent, so a bad filter points at the mistake on deploy.
        desiredSubscription(triggerId, input, callbackUrl);
        status('blue', 'dot', 'subscribing');
        // Left-overs of an earlier run that could not unsubscribe (a crash, a kill): found by the ids
        // stored and, where WorkSpan answers it, its list (also those whose id was never stored).
        const known = await store.ids(this.id);
        await reconcileSubscriptions(client, {
          name: String(input.name),
          known,
          callbackUrl,
          lister: listSubscriptions,
        });
        if (known.length > 0) await store.remove(this.id, known);
        subscriberId = (await subscribeTrigger(client, triggerId, input, callbackUrl)).subscriberId;
        await store.add(this.id, subscriberId);
        connection.report(undefined);
        status('green', 'ring', 'listening');
      } catch (error) {
        connection.report(error);
        const context = {
          operation: operation.operation,
          input,
          connection: { environment: client.connection.baseUrl, hostname: client.connection.hostname },
        };
        status('red', 'ring', 'error', { message: eventStatusText(error, context) });
        this.error(describeNodeFailure(error, context).text);
      }
    })();

    this.on('close', (_removed, done) => {
      const stack = (RED.httpNode._router ?? RED.httpNode.router)?.stack ?? [];
      for (let index = stack.length - 1; index >= 0; index--) {
        const layer = stack[index];
        if (layer?.route?.path === route && layer.route.methods.post) stack.splice(index, 1);
      }
      connection?.deregister(user);
      // Unsubscribes on stop, redeploy and removal alike; a subscription already gone is fine.
      started
        .then(async () => {
          if (!subscriberId || !connection) return;
          await deleteSubscription(connection.client(), subscriberId);
          await store.remove(this.id, [subscriberId]);
        })
        .catch((error) => this.warn(describeNodeFailure(error, { operation: operation.operation }).text))
        .finally(() => done());
    });
  });
}
