import { type AnyOperation, catalogue, kebabCase, operationIds } from '@workspan-kit/core';

export interface OutputSpec {
  name: string;
  description: string;
}

interface ZodNode {
  _zod: { def: { type: string; innerType?: ZodNode; shape?: Record<string, ZodNode> } };
}

const scalarTypes = new Set(['string', 'number', 'boolean', 'enum', 'literal']);

/** The answer's top-level fields that hold one value, each worth its own output. */
export function scalarOutputFields(operation: AnyOperation): string[] {
  const shape = (operation.output as unknown as ZodNode)._zod.def.shape ?? {};
  return Object.entries(shape)
    .filter(([, schema]) => {
      let node = schema;
      while (node._zod.def.type === 'optional' && node._zod.def.innerType) node = node._zod.def.innerType;
      return scalarTypes.has(node._zod.def.type);
    })
    .map(([name]) => name);
}

/** The fields of a dispatched event that the action's own operation puts out. */
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
  const fields = new Map<string, string[]>();
  for (const id of operationIds) {
    for (const name of scalarOutputFields(catalogue[id] as AnyOperation)) {
      const users = fields.get(name) ?? [];
      users.push(id);
      fields.set(name, users);
    }
  }
  const fieldOutputs = [...fields.entries()]
    .map(([field, users]) => ({
      name: kebabCase(field),
      description: `The answer's ${field} (${users.join(', ')}).`,
    }))
    .sort((left, right) => left.name.localeCompare(right.name));
  return [
    { name: 'result', description: 'The whole answer as JSON (for reports: the items read, every page).' },
    ...fieldOutputs,
    {
      name: 'row-count',
      description:
        'Reports: how many items were read. Bulk loads with wait: how many rows were rejected is error-count.',
    },
    { name: 'rows-file', description: 'Reports: the path of the file written with rows-file.' },
    ...eventOutputs,
  ];
}
