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
  /** Requests still being answered; the idle clock runs only while there are none. */
  openRequests: number;
  idleTimer?: NodeJS.Timeout;
}

export interface HttpEndpointOptions {
  loopback: boolean;
  /** A session with no request for this long is closed, and its watches stopped. */
  sessionIdleTimeoutMs: number;
  log(line: string): void;
}

/**
 * The Streamable HTTP endpoint: a bearer token on every request, one MCP session per client, and
 * on a loopback address the Host and Origin checks that stop DNS rebinding from a web page. A
 * session left without a request for the idle timeout is closed as if its client had closed it.
 */
export function createHttpEndpoint(
  runtime: ServerRuntime,
  token: string,
  subscribers: ResourceSubscribers,
  options: HttpEndpointOptions,
) {
  const sessions = new Map<string, Session>();
  const validHost = localhostHostValidation();
  const validOrigin = localhostOriginValidation();

  const end = async (session: Session) => {
    for (const servers of subscribers.values()) servers.delete(session.server);
    // The session's watches end with it: nothing stays subscribed in WorkSpan.
    await runtime.watches.stopAll(session.key);
  };

  const startIdleClock = (session: Session) => {
    clearTimeout(session.idleTimer);
    if (session.openRequests > 0) return;
    session.idleTimer = setTimeout(() => {
      options.log(
        `Closed an MCP session idle for ${options.sessionIdleTimeoutMs / 1000} s, with its watches.`,
      );
      void session.transport.close();
    }, options.sessionIdleTimeoutMs);
    session.idleTimer.unref();
  };

  /** Answers one request of a session, with the idle clock stopped until the answer is done. */
  const serve = async (session: Session, request: IncomingMessage, response: ServerResponse) => {
    // An open event stream (GET) is no sign of life: a client gone without closing leaves it open.
    if (request.method === 'GET') {
      startIdleClock(session);
      return session.transport.handleRequest(request, response);
    }
    session.openRequests++;
    clearTimeout(session.idleTimer);
    response.once('close', () => {
      session.openRequests--;
      startIdleClock(session);
    });
    await session.transport.handleRequest(request, response);
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
        await serve(existing, request, response);
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
      const session: Session = { key, server, transport, openRequests: 0 };
      transport.onclose = () => {
        clearTimeout(session.idleTimer);
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void end(session);
      };
      await server.connect(transport);
      await serve(session, request, response);
    },
    async close(): Promise<void> {
      await Promise.allSettled([...sessions.values()].map((session) => session.transport.close()));
    },
  };
}
