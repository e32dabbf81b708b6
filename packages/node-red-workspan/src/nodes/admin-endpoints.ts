import type { IncomingMessage } from 'node:http';
import {
  type AnyOperation,
  catalogue,
  createUndiciTransport,
  createWorkSpanClient,
  type ListSource,
  type ListSourceDefinition,
  listSources,
  planRun,
  resolveConnection,
  runOperation,
  runOptionFields,
  type WorkSpanClient,
  WorkSpanValidationError,
} from '@workspan-kit/core/node';
import { type ConnectionDefinition, type ConnectionNode, connectionSettings } from './connection-node.js';
import { describeNodeFailure } from './errors.js';
import type { Handler, NodeRedRuntime } from './node-red-types.js';
import { connectionNodeType } from './node-specs.js';

/** What the editor posts: the config node's id, and its values when the dialog has unsaved ones. */
interface ListRequest extends ConnectionDefinition {
  connection?: string;
  clientId?: string;
  clientSecret?: string;
}

/** Node-RED's editor sends this in place of a stored password it never received. */
const storedPasswordMarker = '__PWRD__';

async function readJson(request: IncomingMessage & { body?: unknown }): Promise<ListRequest> {
  if (request.body && typeof request.body === 'object') return request.body as ListRequest;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as ListRequest) : {};
}

type Option = { value: string; label: string };

/** The value at a dotted path of an answer. */
function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * One list's choices, as core's `listSources` describes them: its operation (every page of it when
 * it reads pages), the answer's collection, each item's value and title.
 */
async function readList(client: WorkSpanClient, source: ListSourceDefinition): Promise<Option[]> {
  const operation = catalogue[source.operation] as AnyOperation;
  const everyPage = runOptionFields(operation).some((option) => option.name === 'returnAll');
  const outcome = await runOperation(client, planRun(operation, {}, everyPage ? { returnAll: true } : {}));
  const items =
    outcome.kind === 'items'
      ? outcome.items
      : outcome.kind === 'answer'
        ? at(outcome.answer, source.collection)
        : [];
  return (Array.isArray(items) ? items : []).map((item) => {
    const value = String(at(item, source.valuePath) ?? '');
    const title = at(item, source.titlePath);
    const label =
      typeof title === 'string' && title !== '' && title !== value ? `${title} (${value})` : value;
    return { value, label };
  });
}

/**
 * Whether the posted values are the deployed connection's own: none at all, or the same base URL,
 * hostname and application user. Only then may its stored secret be used.
 */
function describesDeployed(body: ListRequest, deployed: ConnectionNode): boolean {
  if (body.hostname === undefined && body.environment === undefined && body.baseUrl === undefined)
    return body.clientId === undefined;
  const { baseUrl, hostname, clientId } = deployed.client().connection;
  try {
    const posted = resolveConnection({
      ...connectionSettings(body, { clientId: body.clientId || clientId }),
      clientSecret: 'stored',
    });
    return posted.baseUrl === baseUrl && posted.hostname === hostname && posted.clientId === clientId;
  } catch {
    return false;
  }
}

/** Runs Node-RED's permission check inside a handler; when it fails, Node-RED has answered 401. */
function hasPermission(
  RED: NodeRedRuntime,
  permission: string,
  request: Parameters<Handler>[0],
  response: Parameters<Handler>[1],
): Promise<boolean> {
  return new Promise((resolve) => {
    const refused = () => resolve(false);
    response.once('finish', refused);
    RED.auth.needsPermission(permission)(request, response, (error?: unknown) => {
      response.off('finish', refused);
      resolve(error === undefined);
    });
  });
}

const isListSource = (name: string): name is ListSource => Object.hasOwn(listSources, name);

/**
 * Dropdown lists for the edit dialogs, behind Node-RED's permissions. The WorkSpan call runs here
 * with the config node's stored credentials; the secret never goes to the browser. A config node
 * not yet deployed is described by the values the dialog posts.
 */
export function registerAdminEndpoints(RED: NodeRedRuntime): void {
  RED.httpAdmin.post(
    '/workspan/lists/:source',
    RED.auth.needsPermission('workspan.read'),
    async (request, response) => {
      const name = request.params.source ?? '';
      if (!isListSource(name)) return response.status(404).json({ error: `no list "${name}"` });
      let transport: ReturnType<typeof createUndiciTransport> | undefined;
      let connection = { environment: '', hostname: '' };
      try {
        const body = await readJson(request);
        // Only a deployed connection node: another node's id is no connection (nor its credentials).
        const found = body.connection ? RED.nodes.getNode(body.connection) : null;
        const deployed = found?.type === connectionNodeType ? (found as ConnectionNode) : null;
        const typedSecret =
          body.clientSecret && body.clientSecret !== storedPasswordMarker ? body.clientSecret : undefined;
        let client: WorkSpanClient;
        if (deployed && !typedSecret && describesDeployed(body, deployed)) {
          client = deployed.client();
          connection = { environment: client.connection.baseUrl, hostname: client.connection.hostname };
        } else {
          // Unsaved values: only a user who may change flows tries them.
          if (!(await hasPermission(RED, 'workspan.write', request, response))) return;
          if (!typedSecret)
            throw new WorkSpanValidationError([
              {
                field: 'clientSecret',
                expected:
                  'the secret typed again to try changed values (a stored secret only goes to the connection it was deployed with)',
              },
            ]);
          const stored = (deployed && RED.nodes.getCredentials(deployed.id)) || {};
          const settings = connectionSettings(body, {
            clientId: body.clientId || stored.clientId,
            clientSecret: typedSecret,
          });
          connection = { environment: settings.environment, hostname: settings.hostname };
          transport = createUndiciTransport({ connections: 1 });
          client = createWorkSpanClient({
            connection: settings,
            throttle: false,
            transport,
          });
        }
        response.json(await readList(client, listSources[name]));
      } catch (error) {
        // A connection that cannot work names the field of the connection dialog to correct.
        response.status(400).json({ error: describeNodeFailure(error, { connection }).text });
      } finally {
        await transport?.close();
      }
    },
  );
}
