// The node-red column of the conformance matrix (see matrix.mjs).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load, root } from './built.mjs';

const dist = join(root, 'packages/node-red-workspan/dist');

/** The operations each node type's edit dialog offers, read from the built editor page. */
function offeredInEditor() {
  const html = readFileSync(join(dist, 'nodes/workspan.html'), 'utf8');
  const offered = new Map();
  for (const template of html.matchAll(
    /<script type="text\/html" data-template-name="([^"]+)">([\s\S]*?)<\/script>/g,
  )) {
    const operations = [...(template[2] ?? '').matchAll(/data-operation="([^"]+)"/g)].map(
      (match) => match[1],
    );
    offered.set(template[1], new Set(operations));
  }
  return offered;
}

/**
 * Which catalogue operations the built Node-RED package really runs, or undefined when it is not
 * built. Its node file is loaded into a
 * recording Node-RED runtime; every node type it registers is created once per operation and sent
 * a message asking for that operation, and the WorkSpan calls the nodes then make are recorded.
 * An operation counts when some node type calls it when asked for it (an event node subscribes
 * with its trigger when it starts) and that node's edit dialog offers it.
 */
export async function readNodeRed() {
  const core = await load('packages/core/dist/index.js');
  if (!core || !existsSync(join(dist, 'nodes/workspan.js'))) return undefined;
  const register = createRequire(join(dist, 'index.js'))('./nodes/workspan.js');
  const types = new Map();
  const calls = [];
  const client = {
    // Read by a node describing the recorded failure in its connection's words.
    connection: { baseUrl: 'http://127.0.0.1:9', hostname: 'recording.invalid' },
    addSecret: () => undefined,
    // Called with an operation's id, or (through core's run pipeline) with the operation itself.
    call: async (operation) => {
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
      registerType: (type, create) => types.set(type, create),
      createNode: (node, definition) => {
        Object.assign(node, { id: definition.id, type: definition.type, credentials: {} });
        const store = new Map();
        node.status = () => undefined;
        node.error = () => node.emit('recorded-error');
        node.warn = () => undefined;
        node.log = () => undefined;
        node.send = () => undefined;
        node.context = () => ({
          get: (key) => store.get(key),
          set: (key, value) => store.set(key, value),
        });
      },
      getNode: (id) => (id === 'connection' ? connection : null),
      getCredentials: () => undefined,
    },
    util: {},
    settings: { userDir: '/nonexistent-user-directory', uiPort: 1880, httpNodeRoot: '/' },
    httpNode: { get: () => undefined, post: () => undefined, _router: { stack: [] } },
    httpAdmin: { get: () => undefined, post: () => undefined },
    auth: { needsPermission: () => () => undefined },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    _: (key) => key,
  };
  register(runtime);

  const offered = offeredInEditor();
  const covered = new Set();
  for (const [type, create] of types) {
    if (type === 'workspan-connection') continue;
    for (const id of core.operationIds) {
      calls.length = 0;
      const node = new EventEmitter();
      create.call(node, {
        id: `${type}-${id}`,
        type,
        connection: 'connection',
        operation: id,
        parameters: requiredValues(core, id),
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
  return covered;
}

/**
 * Plain text for an operation's required fields, so that its node gets as far as calling WorkSpan:
 * the catalogue example's value (a file's path), else the first choice, else a probe.
 */
function requiredValues(core, id) {
  const values = {};
  const example = core.catalogue[id].example ?? {};
  for (const [name, definition] of Object.entries(core.catalogue[id].fields)) {
    const facts = core.describeField(definition);
    if (!facts.required) continue;
    const given = example[name];
    const text =
      typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean'
        ? String(given)
        : given && typeof given === 'object' && typeof given.path === 'string'
          ? given.path
          : (facts.choices?.[0] ?? 'probe');
    values[name] = { value: text, type: 'str' };
  }
  return values;
}
