import { z } from 'zod';
import type { AnyOperation } from '../catalogue/index.js';

/** One documented field of an operation's answer. */
export interface OutputField {
  /** Dotted path; `[]` marks the items of a list (`errors[].message`). */
  name: string;
  /** JSON type: string, number, integer, boolean, object, array, or a `|` of them; `any` if open. */
  type: string;
  description: string;
  /** Whether every answer has it. */
  always: boolean;
  /**
   * A list that usually holds one item, whose first item's fields a host may give as values of
   * their own (an action's outputs); set with `.meta({ firstItemOutputs: true })` on the list.
   */
  firstItemOutputs?: true;
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  enum?: unknown[];
  firstItemOutputs?: boolean;
}

const cache = new WeakMap<AnyOperation, readonly OutputField[]>();

/** The answer of an operation documented field by field, read from its output schema. */
export function outputFields(operation: AnyOperation): readonly OutputField[] {
  const cached = cache.get(operation);
  if (cached) return cached;
  const schema = z.toJSONSchema(operation.output, { io: 'output', unrepresentable: 'any' }) as JsonSchemaNode;
  const fields: OutputField[] = [];
  collect(schema, '', true, fields);
  cache.set(operation, fields);
  return fields;
}

function collect(node: JsonSchemaNode, prefix: string, always: boolean, into: OutputField[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const present = always && (node.required ?? []).includes(name);
    into.push({
      name: path,
      type: typeOf(child),
      description: child.description ?? '',
      always: present,
      ...(child.firstItemOutputs === true && child.items?.properties
        ? { firstItemOutputs: true as const }
        : {}),
    });
    if (child.properties) collect(child, path, present, into);
    if (child.items?.properties) collect(child.items, `${path}[]`, false, into);
  }
}

function typeOf(node: JsonSchemaNode): string {
  if (node.anyOf) return [...new Set(node.anyOf.map(typeOf))].join(' | ');
  if (Array.isArray(node.type)) return node.type.join(' | ');
  if (node.type === 'array' && node.items) {
    const item = typeOf(node.items);
    return item === 'any' ? 'array' : `array of ${item}`;
  }
  return node.type ?? 'any';
}
