import {
  type AnyOperation,
  catalogue,
  describeField,
  type FieldDefinition,
  type FieldFacts,
  kebabCase,
  type OperationId,
  operationIds,
} from '@workspan-kit/core';
import { readDispatchedEvent } from './read-dispatched-event.js';

/** What an input feeds. */
export type InputBinding =
  | { type: 'field'; field: string; definition: FieldDefinition; facts: FieldFacts }
  | { type: 'connection'; setting: 'environment' | 'clientId' | 'clientSecret' | 'hostname' }
  | { type: 'relay'; part: 'url' | 'route' | 'token' }
  | { type: 'wait' | 'waitTimeoutSeconds' | 'failOnRowErrors' | 'limit' | 'rowsFile' };

export interface InputSpec {
  name: string;
  description: string;
  secret: boolean;
  binding: InputBinding;
}

/** The operations of the action: the catalogue's, and one of its own for the triggered workflow. */
export interface ActionOperation {
  id: string;
  title: string;
  description: string;
  /** Undefined for the action's own operation. */
  catalogue: AnyOperation | undefined;
  inputs: InputSpec[];
}

export const connectionInputs: InputSpec[] = [
  {
    name: 'environment',
    description:
      'WorkSpan environment: production (default), sandbox, or the base URL of an API (https; http only on loopback).',
    secret: false,
    binding: { type: 'connection', setting: 'environment' },
  },
  {
    name: 'application-user-id',
    description: 'Application User Id of the WorkSpan connection (required).',
    secret: false,
    binding: { type: 'connection', setting: 'clientId' },
  },
  {
    name: 'application-user-secret',
    description:
      'Application User Secret of the WorkSpan connection (required; pass it from a secret, it is masked).',
    secret: true,
    binding: { type: 'connection', setting: 'clientSecret' },
  },
  {
    name: 'hostname',
    description: 'WorkSpan App Hostname without https://, e.g. app.workspan.com (required).',
    secret: false,
    binding: { type: 'connection', setting: 'hostname' },
  },
];

const relayInputs: InputSpec[] = [
  {
    name: 'relay-url',
    description: 'Trigger operations: public base URL of the dispatch relay, e.g. https://relay.example.com.',
    secret: false,
    binding: { type: 'relay', part: 'url' },
  },
  {
    name: 'relay-route',
    description: 'Trigger operations: the relay route (as configured in the relay) that receives the events.',
    secret: false,
    binding: { type: 'relay', part: 'route' },
  },
  {
    name: 'relay-token',
    description: "Trigger operations: the route's secret token (pass it from a secret, it is masked).",
    secret: true,
    binding: { type: 'relay', part: 'token' },
  },
];

const bulkInputs: InputSpec[] = [
  {
    name: 'wait',
    description:
      'Bulk loads: wait until WorkSpan has processed the load and report its counts (true or false; default false).',
    secret: false,
    binding: { type: 'wait' },
  },
  {
    name: 'wait-timeout-seconds',
    description:
      'Bulk loads: longest wait with wait: true, in seconds (default 600); the load goes on in WorkSpan after it.',
    secret: false,
    binding: { type: 'waitTimeoutSeconds' },
  },
  {
    name: 'fail-on-row-errors',
    description:
      'Bulk loads with wait: true: fail the step when rows were rejected (true or false; default false).',
    secret: false,
    binding: { type: 'failOnRowErrors' },
  },
];

const pagingInputs: InputSpec[] = [
  {
    name: 'limit',
    description:
      'Reports: read at most this many items; without it every page is read (unless page-number picks one page).',
    secret: false,
    binding: { type: 'limit' },
  },
  {
    name: 'rows-file',
    description:
      'Reports: also write the items to this file in the workspace, as CSV (.csv) or JSON (any other name).',
    secret: false,
    binding: { type: 'rowsFile' },
  },
];

/**
 * An input is named after its field in kebab case. The two filter languages get their own names
 * (`event-filter`, `report-filters`), so one input never means two things.
 */
export function inputNameOf(fieldName: string, definition: FieldDefinition): string {
  const { kind } = describeField(definition);
  if (kind === 'eventFilter') return 'event-filter';
  if (kind === 'reportFilters') return 'report-filters';
  return kebabCase(fieldName);
}

function describeFieldInput(operation: AnyOperation, definition: FieldDefinition, facts: FieldFacts): string {
  const parts = [`${definition.label}: ${definition.description.replace(/\s*$/, '')}`];
  if (facts.choices) parts.push(`One of ${facts.choices.join(', ')}.`);
  if (facts.kind === 'stringList' || facts.kind === 'multiOptions')
    parts.push('Comma- or line-separated, or a JSON array.');
  if (facts.kind === 'reportFilters' || facts.kind === 'json') parts.push('JSON or YAML text.');
  if (facts.kind === 'file')
    parts.push('A path in the workspace; the format follows the file name unless given.');
  if (facts.default !== undefined) parts.push(`Default: ${JSON.stringify(facts.default)}.`);
  if (facts.required) parts.push(`Required by ${operation.id}.`);
  return parts.join(' ');
}

/** Operations that start a bulk load get the wait inputs. */
export function startsBulkLoad(operation: AnyOperation): boolean {
  return operation.resource === 'bulkLoad' && operation.creates;
}

/** Operations read a page at a time get "every page" or a limit. */
export function readsPages(operation: AnyOperation): boolean {
  return 'pageNumber' in operation.fields && 'pageSize' in operation.fields;
}

function catalogueOperation(id: OperationId): ActionOperation {
  const operation = catalogue[id] as AnyOperation;
  const inputs: InputSpec[] = [...connectionInputs];
  for (const [fieldName, definition] of Object.entries(operation.fields as Record<string, FieldDefinition>)) {
    if (definition.role === 'callbackUrl') continue;
    const facts = describeField(definition);
    inputs.push({
      name: inputNameOf(fieldName, definition),
      description: describeFieldInput(operation, definition, facts),
      secret: definition.secret === true,
      binding: { type: 'field', field: fieldName, definition, facts },
    });
  }
  const hasCallback = Object.values(operation.fields as Record<string, FieldDefinition>).some(
    (definition) => definition.role === 'callbackUrl',
  );
  if (hasCallback) inputs.push(...relayInputs);
  if (startsBulkLoad(operation)) inputs.push(...bulkInputs);
  if (readsPages(operation)) inputs.push(...pagingInputs);
  return { id, title: operation.title, description: operation.description, catalogue: operation, inputs };
}

export const actionOperations: ActionOperation[] = [
  ...operationIds.map(catalogueOperation),
  {
    id: readDispatchedEvent.id,
    title: readDispatchedEvent.title,
    description: readDispatchedEvent.description,
    catalogue: undefined,
    inputs: [],
  },
];

export const operationInput: Omit<InputSpec, 'binding'> = {
  name: 'operation',
  description: `The WorkSpan operation to run: ${actionOperations.map((operation) => operation.id).join(', ')}.`,
  secret: false,
};

export function findActionOperation(id: string): ActionOperation | undefined {
  return actionOperations.find((operation) => operation.id === id);
}

/** Every input of the action, once each, with a description that fits all the operations using it. */
export function allInputs(): { name: string; description: string; usedBy: string[] }[] {
  const byName = new Map<
    string,
    { name: string; descriptions: Set<string>; label: string; usedBy: string[]; kinds: Set<string> }
  >();
  for (const operation of actionOperations) {
    for (const input of operation.inputs) {
      const kind = input.binding.type === 'field' ? textKind(input.binding.facts.kind) : input.binding.type;
      const description =
        input.binding.type === 'field'
          ? `${input.binding.definition.label}: ${input.binding.definition.description}`
          : input.description;
      const label = input.binding.type === 'field' ? input.binding.definition.label : input.name;
      const known = byName.get(input.name) ?? {
        name: input.name,
        descriptions: new Set(),
        label,
        usedBy: [],
        kinds: new Set(),
      };
      known.usedBy.push(operation.id);
      known.kinds.add(kind);
      known.descriptions.add(description);
      if (known.kinds.size > 1)
        throw new Error(
          `input ${input.name} would mean two things (${[...known.kinds].join(', ')}); name one apart`,
        );
      byName.set(input.name, known);
    }
  }
  const catalogueIds = actionOperations
    .filter((operation) => operation.catalogue)
    .map((operation) => operation.id);
  return [...byName.values()].map(({ name, descriptions, label, usedBy }) => {
    const [only] = descriptions;
    const description =
      descriptions.size === 1
        ? (only as string)
        : `${label} (each operation's section in the README says what it is there).`;
    const users = usedBy.length === catalogueIds.length ? 'every WorkSpan operation' : usedBy.join(', ');
    return { name, description: `${description.replace(/\.?$/, '.')} Used by ${users}.`, usedBy };
  });
}

/** Choices and free text are the same kind of input: text. */
function textKind(kind: string): string {
  return kind === 'options' || kind === 'string' ? 'text' : kind;
}
