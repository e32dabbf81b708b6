import type { NodeMessage, NodeRedRuntime, RuntimeNode } from './node-red-types.js';
import type { PropertySpec } from './node-specs.js';

/** How a property is stored in the flow: a typed input's value and type. */
export interface TypedValue {
  value: string;
  type: string;
}

export type Parameters = Record<string, TypedValue | undefined>;

/** A property whose value could not be turned into what its field needs; names the property. */
export class PropertyError extends Error {
  override name = 'PropertyError';
  constructor(
    readonly property: PropertySpec,
    expected: string,
  ) {
    super(`${property.label} (${property.name}): expected ${expected}`);
  }
}

function evaluate(
  RED: NodeRedRuntime,
  node: RuntimeNode,
  msg: NodeMessage,
  typed: TypedValue,
): Promise<unknown> {
  // Choices, dropdown lists and plain text need no evaluation; Node-RED evaluates msg, flow, global, env, json, num, bool.
  if (typed.type === 'choice' || typed.type === 'list' || typed.type === 'str')
    return Promise.resolve(typed.value);
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(typed.value, typed.type, node, msg, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/**
 * Reads one property for one message: the typed input from the edit dialog, or `msg.<name>` when the
 * dialog left it blank (bulk data and files: `msg.payload`). Undefined means "not given" (core then applies the field's default).
 */
export async function readProperty(
  RED: NodeRedRuntime,
  node: RuntimeNode,
  msg: NodeMessage,
  property: PropertySpec,
  typed: TypedValue | undefined,
): Promise<unknown> {
  let value: unknown;
  const blank = !typed || String(typed.value ?? '').trim() === '';
  if (!blank && typed) {
    try {
      value = await evaluate(RED, node, msg, typed);
    } catch (error) {
      throw new PropertyError(property, `a value Node-RED can read (${(error as Error).message})`);
    }
  } else if (msg[property.name] !== undefined) value = msg[property.name];
  else if (property.kind === 'data' || property.kind === 'file') value = msg.payload;
  else return undefined;
  return toFieldValue(property, value, msg);
}

/** Shapes what Node-RED hands over (text, numbers, Buffers, parsed JSON) into the field's kind. */
export function toFieldValue(property: PropertySpec, value: unknown, msg: NodeMessage = {}): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '' && property.kind !== 'data') return undefined;
  switch (property.kind) {
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    case 'number': {
      if (typeof value !== 'string') return value;
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
    case 'stringList':
    case 'multiOptions':
      if (typeof value !== 'string') return value;
      if (value.trim().startsWith('[')) return parseJson(property, value);
      return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'json':
    case 'reportFilters':
      return typeof value === 'string' ? parseJson(property, value) : value;
    case 'file':
      return toFileSource(value, msg);
    case 'data':
      if (Buffer.isBuffer(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      return value;
    default:
      return typeof value === 'number' ? String(value) : value;
  }
}

function parseJson(property: PropertySpec, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PropertyError(property, `JSON text (${(error as Error).message})`);
  }
}

/** A Buffer is uploaded under `msg.filename` (or a name from the format); a string is a file path, streamed from disk. */
function toFileSource(value: unknown, msg: NodeMessage): unknown {
  if (typeof value === 'string') return { path: value };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const name =
      typeof msg.filename === 'string' && msg.filename ? msg.filename.split(/[\\/]/).pop() : 'upload';
    return { name, content: value, size: value.byteLength };
  }
  return value;
}
