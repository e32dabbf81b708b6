import { ProtocolError, ProtocolErrorCode, Server, type Tool } from '@modelcontextprotocol/server';
import type { WorkSpanClient } from '@workspan-kit/core';
import type { ToolEntry } from './tools/tool-entry.js';
import { type WatchRegistry, watchResourceUri } from './watch/watch-registry.js';

/** What every MCP session of one server process shares. */
export interface ServerRuntime {
  client: WorkSpanClient;
  tools: readonly ToolEntry[];
  watches: WatchRegistry;
  maxAnswerBytes: number;
  version: string;
}

/** The sessions that asked to hear about a watch resource, by URI. */
export type ResourceSubscribers = Map<string, Set<Server>>;

/**
 * One MCP session: the tool list, tool calls (progress, cancellation, errors as results) and the
 * watches as resources a client can subscribe to.
 */
export function createMcpServer(
  runtime: ServerRuntime,
  sessionKey: string,
  subscribers: ResourceSubscribers,
): Server {
  const server = new Server(
    { name: 'workspan', title: 'WorkSpan', version: runtime.version },
    {
      capabilities: { tools: {}, resources: { subscribe: true } },
      instructions:
        'Tools for the WorkSpan partner-ecosystem API: bulk loads, objects, reports, metadata and subscriptions; watch tools for its events.',
    },
  );
  const byName = new Map(runtime.tools.map((tool) => [tool.definition.name, tool]));
  // The schemas are JSON Schema objects generated from the catalogue (every root is `type: object`).
  const tools = runtime.tools.map((tool) => tool.definition) as Tool[];
  server.setRequestHandler('tools/list', async () => ({ tools }));
  server.setRequestHandler('tools/call', async (request, context) => {
    const tool = byName.get(request.params.name);
    // An unknown tool is a protocol error (a tool left out by the safety switches is unknown too).
    if (!tool)
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `no tool named "${request.params.name}"; this server offers ${[...byName.keys()].join(', ')}`,
      );
    const progressToken = context.mcpReq._meta?.progressToken;
    const result = await tool.call(request.params.arguments ?? {}, {
      client: runtime.client,
      watches: runtime.watches,
      sessionKey,
      signal: context.mcpReq.signal,
      maxAnswerBytes: runtime.maxAnswerBytes,
      async progress(progress, message, total) {
        if (progressToken === undefined || context.mcpReq.signal.aborted) return;
        await context.mcpReq
          .notify({
            method: 'notifications/progress',
            params: { progressToken, progress, message, ...(total === undefined ? {} : { total }) },
          })
          .catch(() => undefined);
      },
    });
    return server.projectCallToolResult(result, result.isError ? undefined : tool.definition.outputSchema);
  });
  server.setRequestHandler('resources/list', async () => ({
    resources: runtime.watches.list(sessionKey).map((watch) => ({
      uri: watchResourceUri(watch.watchId),
      name: watch.name,
      description: `Events of a ${watch.operationId} watch (${watch.events} so far).`,
      mimeType: 'application/json',
    })),
  }));
  server.setRequestHandler('resources/read', async (request) => {
    const watchId = request.params.uri.replace(watchResourceUri(''), '');
    const read = await runtime.watches.read(sessionKey, watchId, { waitMs: 0, limit: 100 });
    return {
      contents: [{ uri: request.params.uri, mimeType: 'application/json', text: JSON.stringify(read) }],
    };
  });
  server.setRequestHandler('resources/subscribe', async (request) => {
    const servers = subscribers.get(request.params.uri) ?? new Set();
    servers.add(server);
    subscribers.set(request.params.uri, servers);
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', async (request) => {
    subscribers.get(request.params.uri)?.delete(server);
    return {};
  });
  return server;
}

/** Tells every session subscribed to a watch that it received something. */
export function notifyWatchUpdated(subscribers: ResourceSubscribers, watchId: string): void {
  const uri = watchResourceUri(watchId);
  for (const server of subscribers.get(uri) ?? [])
    void server.sendResourceUpdated({ uri }).catch(() => undefined);
}
