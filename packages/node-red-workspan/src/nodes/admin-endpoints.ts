import type { IncomingMessage } from 'node:http';
import {
  connectionProblems,
  createUndiciTransport,
  createWorkSpanClient,
  describeConnectionProblems,
  fieldLabel,
  iterateReportList,
  type WorkSpanClient,
} from '@workspan-kit/core/node';
import { type ConnectionDefinition, type ConnectionNode, connectionSettings } from './connection-node.js';
import type { NodeRedRuntime } from './node-red-types.js';

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

const lists: Record<string, (client: WorkSpanClient) => Promise<Option[]>> = {
  integrations: async (client) =>
    (await client.call('GetIntegrationList', {})).integrations.map((integration) => ({
      value: integration.integration_id,
      label: integration.name
        ? `${integration.name} (${integration.integration_id})`
        : integration.integration_id,
    })),
  events: async (client) =>
    (await client.call('GetEventList', {})).events.map((event) => ({
      value: event.name,
      label: event.description ? `${event.name} — ${event.description}` : event.name,
    })),
  reports: async (client) => {
    const options: Option[] = [];
    for await (const report of iterateReportList(client))
      options.push({ value: String(report.id), label: `${report.name} (${report.id})` });
    return options;
  },
};

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
      const list = lists[request.params.source ?? ''];
      if (!list) return response.status(404).json({ error: `no list "${request.params.source}"` });
      let transport: ReturnType<typeof createUndiciTransport> | undefined;
      let connection = { environment: '', hostname: '' };
      try {
        const body = await readJson(request);
        const deployed = body.connection
          ? (RED.nodes.getNode(body.connection) as ConnectionNode | null)
          : null;
        let client: WorkSpanClient;
        if (deployed && body.hostname === undefined) {
          client = deployed.client();
          connection = { environment: client.connection.baseUrl, hostname: client.connection.hostname };
        } else {
          const stored = (body.connection && RED.nodes.getCredentials(body.connection)) || {};
          const secret =
            !body.clientSecret || body.clientSecret === storedPasswordMarker
              ? stored.clientSecret
              : body.clientSecret;
          const settings = connectionSettings(body, {
            clientId: body.clientId || stored.clientId,
            clientSecret: secret,
          });
          connection = { environment: settings.environment, hostname: settings.hostname };
          transport = createUndiciTransport({ connections: 1 });
          client = createWorkSpanClient({
            connection: settings,
            throttle: false,
            transport,
          });
        }
        response.json(await list(client));
      } catch (error) {
        // A connection that cannot work names the field of the connection dialog to correct.
        const problems = connectionProblems(error, connection);
        const message = problems
          ? describeConnectionProblems(problems, (name) => fieldLabel(name))
          : error instanceof Error
            ? error.message
            : String(error);
        response.status(400).json({ error: message });
      } finally {
        await transport?.close();
      }
    },
  );
}
