/** The parts of Node-RED's runtime API these nodes use (Node-RED 4.1 and 5). */

import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeMessage = Record<string, unknown> & { _msgid?: string; payload?: unknown };

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface NodeContextStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface RuntimeNode {
  id: string;
  type: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  on(
    event: 'input',
    listener: (
      msg: NodeMessage,
      send: (msg: NodeMessage | NodeMessage[]) => void,
      done: (error?: Error) => void,
    ) => void,
  ): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage | NodeMessage[]): void;
  status(status: NodeStatus | Record<string, never>): void;
  error(error: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
  context(): NodeContextStore;
}

export interface NodeDefinition {
  id: string;
  type: string;
  name?: string;
  [property: string]: unknown;
}

export type Handler = (
  request: IncomingMessage & {
    body?: unknown;
    params: Record<string, string>;
    query: Record<string, unknown>;
  },
  response: ServerResponse & {
    status(code: number): { json(body: unknown): void; send(body?: unknown): void; end(): void };
    json(body: unknown): void;
  },
  next: (error?: unknown) => void,
) => void;

export interface HttpRouter {
  get(path: string, ...handlers: Handler[]): void;
  post(path: string, ...handlers: Handler[]): void;
  _router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
}

export interface NodeRedRuntime {
  nodes: {
    createNode(node: RuntimeNode, definition: NodeDefinition): void;
    registerType(
      type: string,
      create: (this: never, definition: never) => void,
      options?: {
        credentials?: Record<string, { type: 'text' | 'password' }>;
        settings?: Record<string, { value: unknown; exportable?: boolean }>;
      },
    ): void;
    getNode(id: string): RuntimeNode | null;
    getCredentials(id: string): Record<string, string | undefined> | undefined;
  };
  util: {
    evaluateNodeProperty(
      value: unknown,
      type: string,
      node: RuntimeNode,
      msg: NodeMessage,
      callback?: (error: Error | null, result: unknown) => void,
    ): unknown;
    getMessageProperty(msg: NodeMessage, property: string): unknown;
  };
  settings: Record<string, unknown> & {
    userDir?: string;
    uiPort?: number;
    httpNodeRoot?: string | false;
    httpAdminRoot?: string | false;
  };
  httpNode: HttpRouter;
  httpAdmin: HttpRouter;
  auth: { needsPermission(permission: string): Handler };
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  _: (key: string, substitutions?: Record<string, unknown>) => string;
}
