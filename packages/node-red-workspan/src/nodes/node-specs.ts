import {
  type AnyOperation,
  catalogue,
  describeField,
  type FieldDefinition,
  type FieldKind,
  type ListSource,
  type OperationId,
  operationIds,
  type Resource,
} from '@workspan-kit/core';

/** The Node-RED palette as derived from core's catalogue: one action node per resource, one event node per trigger. */

export const connectionNodeType = 'workspan-connection';
export const paletteCategory = 'WorkSpan';

/** One operation field as a node property. */
export interface PropertySpec {
  name: string;
  label: string;
  description: string;
  kind: FieldKind;
  required: boolean;
  default: unknown;
  choices: readonly string[] | undefined;
  listSource: ListSource | undefined;
  advanced: boolean;
  multiline: boolean;
  placeholder: string | undefined;
  secret: boolean;
}

export interface OperationSpec {
  id: OperationId;
  title: string;
  description: string;
  kind: AnyOperation['kind'];
  properties: PropertySpec[];
  /** Starts a bulk load: the node offers "wait for completion" and "fail on row errors". */
  startsBulkLoad: boolean;
  /** Reads pages: the node offers "return all" / a limit, and one message or one per page. */
  pages: boolean;
}

export interface NodeSpec {
  type: string;
  resource: Resource;
  kind: 'action' | 'event';
  operations: OperationSpec[];
}

const kebabCase = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function propertySpec(name: string, definition: FieldDefinition): PropertySpec {
  const facts = describeField(definition);
  return {
    name,
    label: definition.label,
    description: definition.description,
    kind: facts.kind,
    required: facts.required,
    default: facts.default,
    choices: facts.choices,
    listSource: definition.listSource,
    advanced: definition.advanced ?? false,
    multiline: definition.multiline ?? false,
    placeholder: definition.placeholder,
    secret: definition.secret ?? false,
  };
}

function operationSpec(id: OperationId): OperationSpec {
  const operation = catalogue[id] as AnyOperation;
  const fields = Object.entries(operation.fields as Record<string, FieldDefinition>);
  return {
    id,
    title: operation.title,
    description: operation.description,
    kind: operation.kind,
    // The trigger's callback URL is the event node's own address, never a property.
    properties: fields
      .filter(([, definition]) => definition.role !== 'callbackUrl')
      .map(([name, definition]) => propertySpec(name, definition)),
    startsBulkLoad: operation.resource === 'bulkLoad' && operation.creates,
    pages: 'pageNumber' in operation.fields && 'pageSize' in operation.fields,
  };
}

function buildNodeSpecs(): NodeSpec[] {
  const actionResources: Resource[] = [];
  for (const id of operationIds) {
    const operation = catalogue[id] as AnyOperation;
    if (operation.kind !== 'trigger' && !actionResources.includes(operation.resource))
      actionResources.push(operation.resource);
  }
  const actionNodes: NodeSpec[] = actionResources.map((resource) => ({
    type: `workspan-${kebabCase(resource)}`,
    resource,
    kind: 'action',
    operations: operationIds
      .filter((id) => catalogue[id].kind !== 'trigger' && catalogue[id].resource === resource)
      .map(operationSpec),
  }));
  const eventNodes: NodeSpec[] = operationIds
    .filter((id) => catalogue[id].kind === 'trigger')
    .map((id) => ({
      type: `workspan-${kebabCase(catalogue[id].action)}`,
      resource: catalogue[id].resource,
      kind: 'event',
      operations: [operationSpec(id)],
    }));
  return [...actionNodes, ...eventNodes];
}

export const nodeSpecs: readonly NodeSpec[] = buildNodeSpecs();

export function findNodeSpec(type: string): NodeSpec {
  const spec = nodeSpecs.find((candidate) => candidate.type === type);
  if (!spec) throw new Error(`No WorkSpan node type "${type}"`);
  return spec;
}
