import { fieldSpecification, kebabCase } from '@workspan-kit/core/internal';
import {
  type AnyOperation,
  catalogue,
  type FieldDefinition,
  type FieldSpecification,
  getResource,
  type OperationId,
  operationIds,
  type Resource,
  type RunOptionField,
  runOptionFields,
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
  /** How core runs it beside its fields (paging, waiting for a bulk load): core's `runOptionFields`. */
  runOptions: readonly RunOptionField[];
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
    runOptions: runOptionFields(operation),
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

/** The run options a node offers across its operations, each once, in core's order. */
export function nodeRunOptions(spec: NodeSpec): RunOptionField[] {
  const options: RunOptionField[] = [];
  for (const operation of spec.operations)
    for (const option of operation.runOptions)
      if (!options.some((known) => known.name === option.name)) options.push(option);
  return options;
}

const spelling = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/**
 * The operation `msg.operation` asks for: its id (`UpdateExternalId`), its name as the dialog
 * shows it (`Set External ID`) or its key (`connectExternalId`); case, spaces and dashes aside.
 */
export function findOperation(spec: NodeSpec, wanted: string): OperationSpec | undefined {
  const exact = spec.operations.find((operation) => operation.id === wanted);
  if (exact) return exact;
  const word = spelling(wanted);
  return spec.operations.find((operation) =>
    [operation.id, operation.operation.name, operation.operation.key].some((name) => spelling(name) === word),
  );
}
