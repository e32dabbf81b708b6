import {
  type AnyOperation,
  catalogue,
  type FieldDefinition,
  type FieldSpecification,
  fieldSpecification,
  getResource,
  kebabCase,
  type OperationId,
  operationIds,
  type Resource,
} from '@workspan-kit/core/spec';

/** The Node-RED palette as derived from core's catalogue: one action node per resource, one event node per trigger. */

export const connectionNodeType = 'workspan-connection';
export const paletteCategory = 'WorkSpan';

/** One operation field as a node property, as core's host kit describes it. */
export type PropertySpec = FieldSpecification;

export interface OperationSpec {
  id: OperationId;
  operation: AnyOperation;
  /** Every field but a trigger's callback URL, which is the event node's own address. */
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
  /** Lower-case palette name in Node-RED's style ("bulk load", "object event"). */
  paletteLabel: string;
  operations: OperationSpec[];
}

function operationSpec(id: OperationId): OperationSpec {
  const operation = catalogue[id] as AnyOperation;
  const callbackUrlField = operation.behaviours.trigger?.callbackUrlField;
  return {
    id,
    operation,
    properties: Object.entries(operation.fields as Record<string, FieldDefinition>)
      .filter(([name]) => name !== callbackUrlField)
      .map(([name, definition]) => fieldSpecification(name, definition)),
    startsBulkLoad: operation.behaviours.bulkload !== undefined,
    pages: operation.behaviours.paging !== undefined,
  };
}

function buildNodeSpecs(): NodeSpec[] {
  const actionResources: Resource[] = [];
  for (const id of operationIds) {
    const operation = catalogue[id] as AnyOperation;
    if (!operation.behaviours.trigger && !actionResources.includes(operation.resource))
      actionResources.push(operation.resource);
  }
  const actionNodes: NodeSpec[] = actionResources.map((resource) => ({
    type: `workspan-${kebabCase(resource)}`,
    resource,
    kind: 'action',
    paletteLabel: getResource(resource).displayName.toLowerCase(),
    operations: operationIds
      .filter((id) => !catalogue[id].behaviours.trigger && catalogue[id].resource === resource)
      .map(operationSpec),
  }));
  const eventNodes: NodeSpec[] = operationIds
    .filter((id) => catalogue[id].behaviours.trigger)
    .map((id) => ({
      type: `workspan-${kebabCase(catalogue[id].key)}`,
      resource: catalogue[id].resource,
      kind: 'event',
      paletteLabel: catalogue[id].name.replace(/^On /, '').toLowerCase(),
      operations: [operationSpec(id)],
    }));
  return [...actionNodes, ...eventNodes];
}

export const nodeSpecs: readonly NodeSpec[] = buildNodeSpecs();
