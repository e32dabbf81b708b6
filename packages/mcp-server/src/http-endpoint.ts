import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  localhostHostValidation,
  localhostOriginValidation,
  NodeStreamableHTTPServerTransport,
} from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';
import { constantTimeEqual } from '@workspan-kit/core/internal';
import { createMcpServer, type ResourceSubscribers, type ServerRuntime } from './mcp-server.js';

interface Session {
  key: string;
  server: Server;
  transport: NodeStreamableHTTPServerTransport;
}

/**
 * The Streamable HTTP endpoint: a bearer token on every request, one MCP session per client, and
 * on a loopback address the Host and Origin checks that stop DNS rebinding from a web page.
 */
export function createHttpEndpoint(
  runtime: ServerRuntime,
  token: string,
  subscribers: ResourceSubscribers,
  options: { loopback: boolean },
) {
  const sessions = new Map<string, Session>();
  const validHost = localhostHostValidation();
  const validOrigin = localhostOriginValidation();

  const end = async (session: Session) => {
    for (const servers of subscribers.values()) servers.delete(session.server);
    // The session's watches end with it: nothing stays subscribed in WorkSpan.
    await runtime.watches.stopAll(session.key);
  };

  return {
    async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
      // The guards answer a refused request themselves.
      if (options.loopback && (!validHost(request, response) || !validOrigin(request, response))) return;
      const authorization = request.headers.authorization ?? '';
      const given = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
      if (!constantTimeEqual(given, token)) {
        response.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: 'a bearer token is required (Authorization: Bearer <WORKSPAN_MCP_TOKEN>)',
          }),
        );
        return;
      }
      const sessionId = request.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (existing) {
        await existing.transport.handleRequest(request, response);
        return;
      }
      if (sessionId !== undefined || request.method !== 'POST') {
        response.writeHead(404, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32001, message: 'Session not found' },
            id: null,
          }),
        );
        return;
      }
      const key = randomUUID();
      const server = createMcpServer(runtime, key, subscribers);
      const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, session);
        },
      });
      const session: Session = { key, server, transport };
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void end(session);
      };
      await server.connect(transport);
      await transport.handleRequest(request, response);
    },
    async close(): Promise<void> {
      await Promise.allSettled([...sessions.values()].map((session) => session.transport.close()));
    },
  };
}
