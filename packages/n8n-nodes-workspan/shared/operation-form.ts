import {
  type AnyOperation,
  catalogue,
  describeField,
  type FieldDefinition,
  type ListSource,
  reportColumnTypes,
  reportFilterOperators,
  runOptionFields,
} from '@workspan-kit/core';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The catalogue's operations a host shows, in catalogue order. */
export const allOperations = Object.values(catalogue) as AnyOperation[];

export const loadOptionsMethods: Record<ListSource, string> = {
  integrations: 'getIntegrations',
  events: 'getEvents',
  reports: 'getReports',
};

/** Parameters this host adds around some fields; the field names stay the catalogue's. */
export const hostParameters = {
  binaryProperty: 'binaryPropertyName',
  dataSource: 'dataSource',
  rowsPerLoad: 'rowsPerLoad',
  options: 'options',
  batching: 'batching',
  filterMatch: 'match',
  filterConditions: 'conditions',
} as const;

/** Core's visibility conditions as n8n's `displayOptions.show` (which wants arrays of its own). */
export const shownWhen = (conditions: Readonly<Record<string, readonly (string | number | boolean)[]>>) =>
  Object.fromEntries(Object.entries(conditions).map(([name, values]) => [name, [...values]]));

/** The choice of a format field that leaves the format to the file's name or MIME type. */
export const formatFromFileChoice = 'fromFile';

const fieldsOf = (operation: AnyOperation) => Object.entries(operation.fields) as [string, FieldDefinition][];

/** The fields a user fills in: page numbers are this host's (Return All / Limit), the callback URL the trigger's. */
export function formFields(operation: AnyOperation): [string, FieldDefinition][] {
  return fieldsOf(operation).filter(
    ([name, field]) => field.role !== 'callbackUrl' && name !== operation.behaviours.paging?.pageNumberField,
  );
}

const n8nType = (kind: string): INodeProperties['type'] => {
  switch (kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'options':
      return 'options';
    case 'multiOptions':
      return 'multiOptions';
    case 'json':
      return 'json';
    default:
      return 'string';
  }
};

const emptyDefault = (type: INodeProperties['type']) =>
  type === 'number' ? 0 : type === 'boolean' ? false : type === 'multiOptions' ? [] : '';

/** One catalogue field as n8n parameters (most fields are one; files, data and report filters are more). */
export function fieldProperties(
  operation: AnyOperation,
  name: string,
  field: FieldDefinition,
): INodeProperties[] {
  const facts = describeField(field);
  const base = { displayName: field.label, name, description: field.description };
  if (field.in === 'file') {
    return [
      {
        displayName: 'Input Binary Field',
        name: hostParameters.binaryProperty,
        type: 'string',
        default: 'data',
        required: true,
        hint: 'The name of the input binary field holding the file to upload',
        description: field.description,
      },
    ];
  }
  if (field.kind === 'data') {
    return [
      {
        displayName: 'Data Source',
        name: hostParameters.dataSource,
        type: 'options',
        options: [
          { name: 'Rows From Input Items', value: 'items', description: 'Each input item is one row' },
          { name: 'Text', value: 'text', description: 'CSV or JSON text typed or mapped in' },
        ],
        default: 'items',
        description: field.description,
      },
      {
        displayName: 'Loads',
        name: hostParameters.rowsPerLoad,
        type: 'options',
        options: [
          { name: 'One Load for All Items', value: 'allItems' },
          { name: 'One Load per Item', value: 'eachItem' },
        ],
        default: 'allItems',
        description: 'Whether all input items go to WorkSpan in one bulk load, or each item in its own',
        displayOptions: { show: { [hostParameters.dataSource]: ['items'] } },
      },
      {
        ...base,
        type: 'string',
        typeOptions: { rows: 6 },
        default: '',
        required: true,
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        displayOptions: { show: { [hostParameters.dataSource]: ['text'] } },
      },
    ];
  }
  if (field.kind === 'reportFilters') return reportFilterProperties(field);
  if (field.listSource) {
    return [
      {
        ...base,
        type: 'options',
        typeOptions: { loadOptionsMethod: loadOptionsMethods[field.listSource] },
        default: '',
        required: facts.required,
        description: `${field.description} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
      },
    ];
  }
  const type = n8nType(facts.kind);
  const property: INodeProperties = {
    ...base,
    type,
    default: (facts.default as INodeProperties['default']) ?? emptyDefault(type),
    required: facts.required && facts.default === undefined,
  };
  if (facts.choices) {
    const choices: INodePropertyOptions[] = facts.choices.map((choice) => ({ name: choice, value: choice }));
    if (operation.http.body === 'multipart' && operation.behaviours.bulkload?.formatField === name) {
      choices.unshift({
        name: 'From File Name or Type',
        value: formatFromFileChoice,
        description: "Read the format from the binary's file name or MIME type",
      });
      property.default = formatFromFileChoice;
    }
    property.options = choices;
  }
  const typeOptions: INodeProperties['typeOptions'] = {};
  if (facts.minimum !== undefined) typeOptions.minValue = facts.minimum;
  if (facts.maximum !== undefined) typeOptions.maxValue = facts.maximum;
  if (field.secret) typeOptions.password = true;
  if (field.multiline || facts.kind === 'eventFilter') typeOptions.rows = 3;
  if (Object.keys(typeOptions).length > 0) property.typeOptions = typeOptions;
  if (field.placeholder) property.placeholder = field.placeholder;
  if (facts.kind === 'stringList') property.hint = 'Separate several values with commas';
  return [property];
}

function reportFilterProperties(field: FieldDefinition): INodeProperties[] {
  return [
    {
      displayName: 'Match',
      name: hostParameters.filterMatch,
      type: 'options',
      options: [
        { name: 'All Conditions (AND)', value: 'AND' },
        { name: 'Any Condition (OR)', value: 'OR' },
      ],
      default: 'AND',
      description: 'How the filter conditions combine',
    },
    {
      displayName: field.label,
      name: hostParameters.filterConditions,
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Condition',
      default: {},
      description: 'Only rows that match these conditions on report columns',
      options: [
        {
          displayName: 'Condition',
          name: 'condition',
          values: [
            {
              displayName: 'Column',
              name: 'colId',
              type: 'string',
              default: '',
              placeholder: 'stage',
              description: 'The ID of the report column',
            },
            {
              displayName: 'Column Type',
              name: 'type',
              type: 'options',
              options: reportColumnTypes.map((type) => ({ name: type, value: type })),
              default: 'TEXT',
            },
            {
              displayName: 'Operator',
              name: 'op',
              type: 'options',
              options: reportFilterOperators.map((op) => ({ name: op, value: op })),
              default: 'EQUAL_TO',
            },
            {
              displayName: 'Value',
              name: 'value',
              type: 'string',
              default: '',
              hint: 'For IN, several values separated by commas; for BETWEEN, the two bounds',
            },
            {
              displayName: 'Negate',
              name: 'negate',
              type: 'boolean',
              default: false,
              description: 'Whether to keep the rows that do not match instead',
            },
          ],
        },
      ],
    },
  ];
}

/** Core's run options of an operation (Return All / Limit, waiting for a bulk load), as n8n parameters. */
function runOptionProperties(operation: AnyOperation): INodeProperties[] {
  return runOptionFields(operation).map((option) => ({
    displayName: option.label,
    name: option.name,
    type: option.kind,
    default: option.default,
    description: option.description,
    ...(option.minimum === undefined ? {} : { typeOptions: { minValue: option.minimum } }),
    ...(option.visibleWhen ? { displayOptions: { show: shownWhen(option.visibleWhen) } } : {}),
  }));
}

/** n8n's own batching option, as its HTTP Request node offers it: items sent together, then a pause. */
const batchingProperty: INodeProperties = {
  displayName: 'Batching',
  name: hostParameters.batching,
  placeholder: 'Add Batching',
  type: 'fixedCollection',
  typeOptions: { multipleValues: false },
  default: { batch: {} },
  options: [
    {
      displayName: 'Batching',
      name: 'batch',
      values: [
        {
          displayName: 'Items per Batch',
          name: 'batchSize',
          type: 'number',
          typeOptions: { minValue: 1 },
          default: 1,
          description:
            "How many items' calls are sent at the same time; 1 sends them one after another. The credential's call budget still paces every call.",
        },
        {
          displayName: 'Batch Interval (Ms)',
          name: 'batchInterval',
          type: 'number',
          typeOptions: { minValue: 0 },
          default: 0,
          description: 'Time (in milliseconds) to wait between batches',
        },
      ],
    },
  ],
};

/** How the node sends its items: `size` at a time, `intervalMs` between batches. */
export interface Batching {
  size: number;
  intervalMs: number;
}

/** The batching option as given (absent means one item after another, no pause), or what is wrong with it. */
export function readBatching(value: unknown): Batching | { issue: string } {
  const batch = (value ?? {}) as { batchSize?: unknown; batchInterval?: unknown };
  const size = Number(batch.batchSize ?? 1);
  if (!Number.isInteger(size) || size < 1)
    return {
      issue: `Items per Batch: expected a whole number of 1 or more, got ${JSON.stringify(batch.batchSize)}`,
    };
  const intervalMs = Number(batch.batchInterval ?? 0);
  if (!Number.isFinite(intervalMs) || intervalMs < 0)
    return {
      issue: `Batch Interval (Ms): expected 0 or more milliseconds, got ${JSON.stringify(batch.batchInterval)}`,
    };
  return { size, intervalMs };
}

/** Inside a collection a field is never required, and its conditions name root parameters (`/name`). */
function fromCollection(given: INodeProperties): INodeProperties {
  const property = { ...given };
  delete property.required;
  const show = property.displayOptions?.show;
  if (!show) return property;
  return {
    ...property,
    displayOptions: {
      show: Object.fromEntries(Object.entries(show).map(([key, values]) => [`/${key}`, values])),
    },
  };
}

/**
 * An operation's parameters: the main fields, then the advanced ones in an Options collection,
 * then what core's declared behaviours add (Return All / Limit, waiting for a bulk load).
 */
export function operationProperties(
  operation: AnyOperation,
  show: Record<string, string[]>,
): INodeProperties[] {
  const main: INodeProperties[] = [];
  const advanced: INodeProperties[] = [];
  for (const [name, field] of formFields(operation)) {
    const properties = fieldProperties(operation, name, field).map((property) =>
      field.visibleWhen
        ? {
            ...property,
            displayOptions: { show: { ...property.displayOptions?.show, ...shownWhen(field.visibleWhen) } },
          }
        : property,
    );
    if (field.advanced) advanced.push(...properties.map(fromCollection));
    else main.push(...properties);
  }
  main.push(...runOptionProperties(operation));
  advanced.push(batchingProperty);
  const withShow = (property: INodeProperties): INodeProperties => ({
    ...property,
    displayOptions: { show: { ...show, ...property.displayOptions?.show } },
  });
  const properties = main.map(withShow);
  properties.push(
    withShow({
      displayName: 'Options',
      name: hostParameters.options,
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: advanced,
    }),
  );
  return properties;
}
