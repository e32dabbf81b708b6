import {
  type AnyOperation,
  catalogue,
  type OutputField,
  operationIds,
  outputFields,
} from '@workspan-kit/core';
import { kebabCase } from '@workspan-kit/core/internal';

export interface OutputSpec {
  name: string;
  description: string;
}

const scalarType = /^(string|number|integer|boolean)( \| (string|number|integer|boolean|null))*$/;

/** `execution_id` → `execution-id`, `endOfList` → `end-of-list`. */
export function outputName(field: string): string {
  return kebabCase(field).replace(/_/g, '-');
}

/** An output holding one value of an answer, and where in the answer the value is. */
export interface ValueOutput {
  /** The output's name: `execution-id`. */
  name: string;
  description: string;
  /** The path to the value: a top-level field's name, or a marked list's name, 0 and the item's field. */
  path: readonly (string | number)[];
}

/**
 * The answer's fields that hold one value, each worth an output of its own: the top-level ones,
 * and those of the first item of a list the catalogue marks (`firstItemOutputs`).
 */
export function scalarOutputFields(operation: AnyOperation): ValueOutput[] {
  const fields = outputFields(operation);
  const scalar = (field: OutputField) => scalarType.test(field.type);
  const outputs: ValueOutput[] = fields
    .filter((field) => !field.name.includes('.') && !field.name.includes('[') && scalar(field))
    .map((field) => ({ name: outputName(field.name), description: field.description, path: [field.name] }));
  for (const list of fields.filter((field) => field.firstItemOutputs)) {
    const prefix = `${list.name}[].`;
    for (const field of fields) {
      const leaf = field.name.startsWith(prefix) ? field.name.slice(prefix.length) : undefined;
      if (leaf === undefined || /[.[]/.test(leaf) || !scalar(field)) continue;
      const name = outputName(leaf);
      if (outputs.some((output) => output.name === name)) continue;
      outputs.push({ name, description: field.description, path: [list.name, 0, leaf] });
    }
  }
  return outputs;
}

/** The value at an output's path in an answer, if any. */
export function valueAt(answer: unknown, path: readonly (string | number)[]): unknown {
  let value = answer;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/** The names GitHub takes for an output: a letter or `_`, then letters, digits, `-` and `_`. */
const safeOutputName = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

/**
 * Why a payload field cannot be an output of its own name, or undefined when it can: only a safe
 * output name (nothing a file command could read as another output), and never one taken already
 * (the envelope's outputs, or another field's), compared as GitHub compares them, ignoring case.
 */
export function payloadOutputRefusal(name: string, taken: ReadonlySet<string>): string | undefined {
  if (!safeOutputName.test(name))
    return 'an output name is a letter or _, then up to 99 letters, digits, - and _';
  if (taken.has(name.toLowerCase())) return 'its name is taken by another output';
  return undefined;
}

/** What the action's own operation puts out. */
export const eventOutputs: OutputSpec[] = [
  { name: 'event', description: 'ReadDispatchedEvent: the WorkSpan event, e.g. object.stage_change.' },
  {
    name: 'delivery-id',
    description: 'ReadDispatchedEvent: the delivery id (WorkSpan’s, or sha256:<digest> of the body).',
  },
  { name: 'route', description: 'ReadDispatchedEvent: the relay route that received it.' },
  { name: 'received-at', description: 'ReadDispatchedEvent: when the relay received it (ISO 8601).' },
  {
    name: 'payload',
    description:
      'ReadDispatchedEvent: the event payload as JSON; each of its top-level fields is also an output of its own name.',
  },
  {
    name: 'trimmed',
    description: 'ReadDispatchedEvent: payload fields the relay left out to fit GitHub’s limit (JSON array).',
  },
];

/** Every declared output: the whole answer, each single-value field of any answer, and the action's own. */
export function allOutputs(): OutputSpec[] {
  const fields = new Map<string, { description: string; users: string[] }>();
  for (const id of operationIds) {
    for (const { name, ...field } of scalarOutputFields(catalogue[id] as AnyOperation)) {
      const known = fields.get(name) ?? { description: field.description, users: [] };
      known.users.push(id);
      fields.set(name, known);
    }
  }
  const fieldOutputs = [...fields.entries()]
    .map(([name, { description, users }]) => ({
      name,
      description: `${description ? `${description.replace(/\.?$/, '.')} ` : ''}From ${users.join(', ')}.`,
    }))
    .sort((left, right) => left.name.localeCompare(right.name));
  return [
    {
      name: 'result',
      description: 'The whole answer as JSON (for paged reads: the items read, every page).',
    },
    ...fieldOutputs.filter((output) => output.name !== 'result'),
    { name: 'row-count', description: 'Paged reads (reports): how many items were read.' },
    { name: 'rows-file', description: 'Paged reads: the path of the file written with rows-file.' },
    ...eventOutputs,
  ];
}
