import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  catalogue,
  describeField,
  type FieldDefinition,
  type OperationId,
  operationIds,
} from '@workspan-kit/core';

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
  const client = {
    // Read by a node describing the recorded failure in its connection's words.
    connection: { baseUrl: 'http://127.0.0.1:9', hostname: 'recording.invalid' },
    addSecret: () => undefined,
    // Called with an operation's id, or (through core's run pipeline) with the operation itself.
    call: async (operation: string | { id: string; origin?: string }) => {
      // A developer-portal call (not an operation of the catalogue) is answered as a WorkSpan that
      // does not serve it, so a node goes on to the operation it was asked for.
      if (typeof operation !== 'string' && operation.origin === 'portal')
        throw Object.assign(new Error('not served'), { status: 404 });
      calls.push(typeof operation === 'string' ? operation : operation.id);
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
    util: {},
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
        parameters: requiredValues(id),
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

/**
 * Plain text for an operation's required fields, so that its node gets as far as calling WorkSpan:
 * the catalogue example's value (a file's path), else the first choice, else a probe.
 */
function requiredValues(id: OperationId): Record<string, { value: string; type: string }> {
  const values: Record<string, { value: string; type: string }> = {};
  const example = (catalogue[id].example ?? {}) as Record<string, unknown>;
  for (const [name, definition] of Object.entries(catalogue[id].fields as Record<string, FieldDefinition>)) {
    const facts = describeField(definition);
    if (!facts.required) continue;
    const given = example[name];
    const text =
      typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean'
        ? String(given)
        : given && typeof given === 'object' && typeof (given as { path?: unknown }).path === 'string'
          ? (given as { path: string }).path
          : (facts.choices?.[0] ?? 'probe');
    values[name] = { value: text, type: 'str' };
  }
  return values;
}
