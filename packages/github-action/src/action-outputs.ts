import { type AnyOperation, catalogue, kebabCase, operationIds, outputFields } from '@workspan-kit/core';

export interface OutputSpec {
  name: string;
  description: string;
}

const scalarType = /^(string|number|integer|boolean)( \| (string|number|integer|boolean|null))*$/;

/** `execution_id` → `execution-id`, `endOfList` → `end-of-list`. */
export function outputName(field: string): string {
  return kebabCase(field).replace(/_/g, '-');
}

/** The answer's top-level fields that hold one value, each worth an output of its own. */
export function scalarOutputFields(operation: AnyOperation): { name: string; description: string }[] {
  return outputFields(operation)
    .filter((field) => !field.name.includes('.') && !field.name.includes('[') && scalarType.test(field.type))
    .map((field) => ({ name: field.name, description: field.description }));
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
    for (const field of scalarOutputFields(catalogue[id] as AnyOperation)) {
      const name = outputName(field.name);
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
