import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { catalogue, type OperationId, operationIds } from '@workspan-kit/core';

type Constructor = (
  this: EventEmitter & Record<string, unknown>,
  definition: Record<string, unknown>,
) => void;

/** The operations each node type's edit dialog offers, read from the built editor page. */
function offeredInEditor(): Map<string, Set<string>> {
  const html = readFileSync(fileURLToPath(new URL('./nodes/workspan.html', import.meta.url)), 'utf8');
  const offered = new Map<string, Set<string>>();
  for (const template of html.matchAll(
    /<script type="text\/html" data-template-name="([^"]+)">([\s\S]*?)<\/script>/g,
  )) {
    const operations = [...(template[2] ?? '').matchAll(/data-operation="([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    offered.set(template[1] as string, new Set(operations));
  }
  return offered;
}

/**
 * Which catalogue operations the built package really runs. Its node file is loaded into a
 * recording Node-RED runtime; every node type it registers is created once per operation and sent
 * a message asking for that operation, and the WorkSpan calls the nodes then make are recorded.
 * An operation counts when some node type calls it when asked for it (an event node subscribes
 * with its trigger when it starts) and that node's edit dialog offers it.
 */
export async function listCoveredOperations(): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const register = require('./nodes/workspan.js') as (RED: unknown) => void;
  const types = new Map<string, Constructor>();
  const calls: string[] = [];
  // What the nodes read of a client besides its calls (their error messages name the connection).
  const client = {
    connection: { baseUrl: 'http://recording.invalid', hostname: 'recording.invalid' },
    addSecret: () => undefined,
    call: async (target: string | { id: string; origin?: string }) => {
      // A developer-portal call (not an operation of the catalogue) is answered as a WorkSpan that
      // does not serve it, so a node goes on to the operation it was asked for.
      if (typeof target !== 'string' && target.origin === 'portal')
        throw Object.assign(new Error('not served'), { status: 404 });
      calls.push(typeof target === 'string' ? target : target.id);
      throw new Error('recorded');
    },
  };
  const connection = {
    client: () => client,
    register: () => undefined,
    deregister: () => undefined,
    report: () => undefined,
  };
  const runtime = {
    nodes: {
      registerType: (type: string, create: Constructor) => types.set(type, create),
      createNode: (node: EventEmitter & Record<string, unknown>, definition: Record<string, unknown>) => {
        Object.assign(node, { id: definition.id, type: definition.type, credentials: {} });
        const store = new Map<string, unknown>();
        node.status = () => undefined;
        node.error = () => node.emit('recorded-error');
        node.warn = () => undefined;
        node.log = () => undefined;
        node.send = () => undefined;
        node.context = () => ({
          get: (key: string) => store.get(key),
          set: (key: string, value: unknown) => store.set(key, value),
        });
      },
      getNode: (id: string) => (id === 'connection' ? connection : null),
      getCredentials: () => undefined,
    },
    util: {
      // The typed values the examples are stored as: plain numbers, booleans and JSON.
      evaluateNodeProperty: (
        value: string,
        type: string,
        _node: unknown,
        _msg: unknown,
        done: (error: unknown, result?: unknown) => void,
      ) => {
        try {
          done(
            null,
            type === 'num'
              ? Number(value)
              : type === 'bool'
                ? value === 'true'
                : type === 'json'
                  ? JSON.parse(value)
                  : value,
          );
        } catch (error) {
          done(error);
        }
      },
    },
    settings: { userDir: '/nonexistent-user-directory', uiPort: 1880, httpNodeRoot: '/' },
    httpNode: { get: () => undefined, post: () => undefined, _router: { stack: [] } },
    httpAdmin: { get: () => undefined, post: () => undefined },
    auth: { needsPermission: () => () => undefined },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    _: (key: string) => key,
  };
  register(runtime);

  const offered = offeredInEditor();
  const covered = new Set<string>();
  for (const [type, create] of types) {
    if (type === 'workspan-connection') continue;
    for (const id of operationIds) {
      calls.length = 0;
      const node = new EventEmitter() as EventEmitter & Record<string, unknown>;
      create.call(node, {
        id: `${type}-${id}`,
        type,
        connection: 'connection',
        operation: id,
        parameters: exampleValues(id),
      });
      let finished = false;
      node.on('recorded-error', () => {
        finished = true;
      });
      node.emit(
        'input',
        { operation: id },
        () => undefined,
        () => {
          finished = true;
        },
      );
      // A node either calls WorkSpan or finishes the message with an error; wait for one of them.
      for (let waited = 0; waited < 2000 && calls.length === 0 && !finished; waited += 2)
        await new Promise((resolve) => setTimeout(resolve, 2));
      if (calls.includes(id) && offered.get(type)?.has(id)) covered.add(id);
      node.emit('close', false, () => undefined);
    }
  }
  return [...covered];
}

/** The operation's example from the catalogue as the dialog stores it, so a node gets as far as calling WorkSpan. */
function exampleValues(id: OperationId): Record<string, { value: string; type: string }> {
  const values: Record<string, { value: string; type: string }> = {};
  for (const [name, value] of Object.entries(catalogue[id].example as Record<string, unknown>)) {
    if (value === undefined) continue;
    values[name] =
      typeof value === 'string'
        ? { value, type: 'str' }
        : typeof value === 'number'
          ? { value: String(value), type: 'num' }
          : typeof value === 'boolean'
            ? { value: String(value), type: 'bool' }
            : { value: JSON.stringify(value), type: 'json' };
  }
  return values;
}
