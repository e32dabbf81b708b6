import {
  type AnyOperation,
  catalogue,
  connectionFields,
  describeField,
  type FieldDefinition,
  type FieldFacts,
  fieldNamers,
  type OperationId,
  operationIds,
  type RunOptionField,
  runOptionFields,
} from '@workspan-kit/core';
import { readDispatchedEventOperation } from './read-dispatched-event.js';

type ConnectionSetting = 'environment' | 'baseUrl' | 'clientId' | 'clientSecret' | 'hostname';

/** What an input feeds. */
export type InputBinding =
  | { type: 'field'; field: string; definition: FieldDefinition; facts: FieldFacts }
  | { type: 'connection'; setting: ConnectionSetting; required: boolean }
  | { type: 'relay'; part: 'url' | 'route' | 'token' }
  | { type: 'runOption'; option: RunOptionField }
  | { type: 'rowsFile' };

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

/** Connection inputs from core's connection fields (notes are for forms, not workflow files). */
export const connectionInputs: InputSpec[] = connectionFields
  .filter((field) => field.name !== 'notes')
  .map((field) => {
    const choices = field.choices ? ` One of ${field.choices.map((choice) => choice.value).join(', ')}.` : '';
    const fallback = field.default ? ` Default: ${field.default}.` : '';
    const when = field.visibleWhen
      ? ` Used when ${Object.entries(field.visibleWhen)
          .map(([name, values]) => `${fieldNamers.githubAction(name)} is ${values.join(' or ')}`)
          .join(' and ')}.`
      : '';
    const required = field.required && !field.default && !field.visibleWhen ? ' Required.' : '';
    const secret = field.secret ? ' Pass it from a secret; it is masked.' : '';
    return {
      name: fieldNamers.githubAction(field.name),
      description: `${field.label}: ${field.description}${choices}${fallback}${when}${required}${secret}`,
      secret: field.secret === true,
      binding: {
        type: 'connection',
        setting: field.name as ConnectionSetting,
        required: field.required && !field.default && !field.visibleWhen,
      },
    };
  });

const relayInputs: InputSpec[] = [
  {
    name: 'relay-url',
    description: 'Public base URL of the dispatch relay, e.g. https://relay.example.com. Required.',
    secret: false,
    binding: { type: 'relay', part: 'url' },
  },
  {
    name: 'relay-route',
    description: 'The relay route (as configured in the relay) that receives the events. Required.',
    secret: false,
    binding: { type: 'relay', part: 'route' },
  },
  {
    name: 'relay-token',
    description:
      "The route's secret token, at least 32 characters. Required; pass it from a secret, it is masked.",
    secret: true,
    binding: { type: 'relay', part: 'token' },
  },
];

/**
 * Core's run options as inputs, named, described and bounded as core says. An option that others
 * are used with only when it is off ("Return All" for "Limit") is no input of its own: the action
 * reads every item unless a limit is given.
 */
function runOptionInputs(operation: AnyOperation): InputSpec[] {
  const options = runOptionFields(operation);
  const folded = (option: RunOptionField) =>
    options.some((other) => other.visibleWhen?.[option.name]?.[0] === false);
  return options
    .filter((option) => !folded(option))
    .map((option) => ({
      name: fieldNamers.githubAction(option.name),
      description: describeRunOption(operation, option, options.filter(folded)),
      secret: false,
      binding: { type: 'runOption', option },
    }));
}

function describeRunOption(
  operation: AnyOperation,
  option: RunOptionField,
  folded: readonly RunOptionField[],
): string {
  const parts = [`${option.label}: ${option.description.replace(/\.?$/, '.')}`];
  const when = Object.entries(option.visibleWhen ?? {}).filter(
    ([name]) => !folded.some((other) => other.name === name),
  );
  if (when.length < Object.keys(option.visibleWhen ?? {}).length) {
    const pageNumber = operation.behaviours.paging?.pageNumberField;
    const onePage = pageNumber ? ` (unless ${fieldNamers.githubAction(pageNumber)} picks one page)` : '';
    parts.push(`Without it every item is read${onePage}.`);
  } else parts.push(`Default: ${option.default}.`);
  if (option.minimum !== undefined && option.maximum !== undefined)
    parts.push(`From ${option.minimum} to ${option.maximum}.`);
  else if (option.minimum !== undefined) parts.push(`At least ${option.minimum}.`);
  if (when.length > 0)
    parts.push(
      `Used with ${when.map(([name, values]) => `${fieldNamers.githubAction(name)}: ${values?.join(' or ')}`).join(' and ')}.`,
    );
  return parts.join(' ');
}

const rowsFileInput: InputSpec = {
  name: 'rows-file',
  description: 'Also write the items to this file in the workspace: CSV for a .csv name, JSON otherwise.',
  secret: false,
  binding: { type: 'rowsFile' },
};

/**
 * An input is named after its field in kebab case, as core names fields for the action. The two
 * filter languages get names of their own (`event-filter`, `report-filters`), so that one input
 * never means two things.
 */
export function inputNameOf(fieldName: string, definition: FieldDefinition | undefined): string {
  const kind = definition ? describeField(definition).kind : undefined;
  if (kind === 'eventFilter') return 'event-filter';
  if (kind === 'reportFilters') return 'report-filters';
  return fieldNamers.githubAction(fieldName);
}

function describeFieldInput(operation: AnyOperation, definition: FieldDefinition, facts: FieldFacts): string {
  const parts = [`${definition.label}: ${definition.description.replace(/\s*$/, '')}`];
  if (facts.choices) parts.push(`One of ${facts.choices.join(', ')}.`);
  if (facts.minimum !== undefined && facts.maximum !== undefined)
    parts.push(`From ${facts.minimum} to ${facts.maximum}.`);
  else if (facts.minimum !== undefined) parts.push(`At least ${facts.minimum}.`);
  if (facts.kind === 'stringList' || facts.kind === 'multiOptions')
    parts.push('Comma- or line-separated, or a JSON array.');
  if (facts.kind === 'reportFilters' || facts.kind === 'json') parts.push('JSON or YAML text.');
  if (facts.kind === 'file')
    parts.push('A path in the workspace; the format follows the file name unless given.');
  if (definition.visibleWhen)
    parts.push(
      `Used when ${Object.entries(definition.visibleWhen)
        .map(
          ([name, values]) =>
            `${inputNameOf(name, (operation.fields as Record<string, FieldDefinition>)[name])} is ${values.join(' or ')}`,
        )
        .join(' and ')}.`,
    );
  if (facts.default !== undefined) parts.push(`Default: ${JSON.stringify(facts.default)}.`);
  if (facts.required) parts.push('Required.');
  return parts.join(' ');
}

function catalogueOperation(id: OperationId): ActionOperation {
  const operation = catalogue[id] as AnyOperation;
  const { trigger, paging } = operation.behaviours;
  const inputs: InputSpec[] = [...connectionInputs];
  for (const [fieldName, definition] of Object.entries(operation.fields as Record<string, FieldDefinition>)) {
    if (fieldName === trigger?.callbackUrlField) continue;
    const facts = describeField(definition);
    inputs.push({
      name: inputNameOf(fieldName, definition),
      description: describeFieldInput(operation, definition, facts),
      secret: definition.secret === true,
      binding: { type: 'field', field: fieldName, definition, facts },
    });
  }
  if (trigger) inputs.push(...relayInputs);
  inputs.push(...runOptionInputs(operation));
  if (paging) inputs.push(rowsFileInput);
  return {
    id,
    title: operation.actionSentence,
    description: operation.description,
    catalogue: operation,
    inputs,
  };
}

export const actionOperations: ActionOperation[] = [
  ...operationIds.map(catalogueOperation),
  {
    id: readDispatchedEventOperation.id,
    title: readDispatchedEventOperation.title,
    description: readDispatchedEventOperation.description,
    catalogue: undefined,
    inputs: [],
  },
];

export const operationInput: Omit<InputSpec, 'binding'> = {
  name: 'operation',
  description: `The WorkSpan operation to run: ${actionOperations.map((operation) => operation.id).join(', ')}.`,
  secret: false,
};

/** Every input of the action, once each, with a description that fits all the operations using it. */
export function allInputs(): { name: string; description: string; usedBy: string[] }[] {
  const byName = new Map<
    string,
    { name: string; descriptions: Set<string>; label: string; usedBy: string[]; kinds: Set<string> }
  >();
  for (const operation of actionOperations) {
    for (const input of operation.inputs) {
      const kind = input.binding.type === 'field' ? textKind(input.binding.facts.kind) : input.binding.type;
      const label = input.binding.type === 'field' ? input.binding.definition.label : input.name;
      const known = byName.get(input.name) ?? {
        name: input.name,
        descriptions: new Set<string>(),
        label,
        usedBy: [],
        kinds: new Set<string>(),
      };
      known.usedBy.push(operation.id);
      known.kinds.add(kind);
      known.descriptions.add(input.description);
      if (known.kinds.size > 1)
        throw new Error(
          `input ${input.name} would mean two things (${[...known.kinds].join(', ')}); name one apart`,
        );
      byName.set(input.name, known);
    }
  }
  const catalogueCount = actionOperations.filter((operation) => operation.catalogue).length;
  return [...byName.values()].map(({ name, descriptions, label, usedBy }) => {
    const [only] = descriptions;
    const description =
      descriptions.size === 1
        ? (only as string)
        : `${label} (each operation's section in the README says what it is there).`;
    const users = usedBy.length === catalogueCount ? 'every WorkSpan operation' : usedBy.join(', ');
    return { name, description: `${description.replace(/\.?$/, '.')} Used by ${users}.`, usedBy };
  });
}

/** Choices and free text are the same kind of input: text. */
function textKind(kind: string): string {
  return kind === 'options' || kind === 'string' ? 'text' : kind;
}
