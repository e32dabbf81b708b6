import { inputFromHost, WorkSpanValidationError } from '@workspan-kit/core/spec';
import type { NodeMessage, NodeRedRuntime, RuntimeNode } from './node-red-types.js';
import type { OperationSpec, PropertySpec } from './node-specs.js';

/** How a property is stored in the flow: a typed input's value and type. */
export interface TypedValue {
  value: string;
  type: string;
}

export type Parameters = Record<string, TypedValue | undefined>;

export function evaluateTyped(
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
 * dialog left it blank (bulk data and files: `msg.payload`). Undefined means "not given"; core's
 * host kit then turns the value into the field's kind and applies defaults.
 */
export async function readProperty(
  RED: NodeRedRuntime,
  node: RuntimeNode,
  msg: NodeMessage,
  operation: OperationSpec,
  property: PropertySpec,
  typed: TypedValue | undefined,
): Promise<unknown> {
  let value: unknown;
  if (typed && String(typed.value ?? '').trim() !== '') {
    try {
      value = await evaluateTyped(RED, node, msg, typed);
    } catch (error) {
      // Named like every other bad value, by the property's label and msg field.
      throw new WorkSpanValidationError(
        [{ field: property.name, expected: `a value Node-RED can read (${(error as Error).message})` }],
        operation.id,
      );
    }
  } else if (msg[property.name] !== undefined) value = msg[property.name];
  else if (property.kind === 'data' || property.kind === 'file') value = msg.payload;
  else return undefined;
  // A Buffer for a file upload is sent under msg.filename, which also tells its format.
  if (property.kind === 'file' && value instanceof Uint8Array) {
    const name =
      typeof msg.filename === 'string' && msg.filename ? msg.filename.split(/[\\/]/).pop() : 'upload';
    return { name, content: value, size: value.byteLength };
  }
  return value;
}

/**
 * The values one message gives one operation's properties, as Node-RED holds them (text, numbers,
 * Buffers): `parameters` are the values saved in the dialog for this operation. Core turns them
 * into the fields' kinds and checks them.
 */
export async function readValues(
  RED: NodeRedRuntime,
  node: RuntimeNode,
  msg: NodeMessage,
  operation: OperationSpec,
  parameters: Parameters,
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const property of operation.properties) {
    const value = await readProperty(RED, node, msg, operation, property, parameters[property.name]);
    if (value !== undefined) values[property.name] = value;
  }
  return values;
}

/** The input of one operation for one message, shaped by core's host kit. */
export async function readInput(
  ...args: globalThis.Parameters<typeof readValues>
): Promise<Record<string, unknown>> {
  return inputFromHost(args[3].operation, await readValues(...args));
}
