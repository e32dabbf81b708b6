import { z } from 'zod';

/** Where a field goes in the HTTP request. */
export type FieldLocation = 'path' | 'query' | 'body' | 'data' | 'file';

/** Lists a host can offer to choose from, filled by an internal operation (see `listSources`). */
export type ListSource = 'integrations' | 'events' | 'reports';

/** A value this field must hold for another field to be shown: `{ dataFormat: ['csv'] }`. */
export type VisibleWhen = Record<string, readonly (string | number | boolean)[]>;

/**
 * How hosts render a field. Most kinds come from the zod schema; `data`, `file`, `json`,
 * `eventFilter` and `reportFilters` say more than the schema can.
 */
export type FieldKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'options'
  | 'multiOptions'
  | 'stringList'
  | 'data'
  | 'file'
  | 'json'
  | 'eventFilter'
  | 'reportFilters';

export interface FieldPresentation {
  /** Where it goes on the wire. */
  in: FieldLocation;
  /** Name on the wire; dots nest it in the JSON body (`webhook_settings.callback_url`). */
  wireName: string;
  label: string;
  description: string;
  kind?: FieldKind;
  listSource?: ListSource;
  /** Secret values are masked in hosts and redacted from logs. */
  secret?: boolean;
  multiline?: boolean;
  placeholder?: string;
  /** Shown only while other fields of the same operation hold one of these values. */
  visibleWhen?: VisibleWhen;
  /** Shown under "additional options" rather than in the main form. */
  advanced?: boolean;
  /**
   * `callbackUrl`: filled by the host's trigger with its own webhook address, never typed by a
   * user (the connector marks it internal).
   */
  role?: 'callbackUrl';
}

export interface FieldDefinition<Schema extends z.ZodType = z.ZodType> extends FieldPresentation {
  schema: Schema;
}

/** Attaches presentation facts to a zod schema; the pair is the field's single description. */
export function field<Schema extends z.ZodType>(
  schema: Schema,
  presentation: FieldPresentation,
): FieldDefinition<Schema> {
  return { schema, ...presentation };
}

export interface FieldFacts {
  kind: FieldKind;
  required: boolean;
  default: unknown;
  choices: readonly string[] | undefined;
  /** Numeric bounds, inclusive. */
  minimum?: number;
  maximum?: number;
  /** Text length bounds. */
  minLength?: number;
  maxLength?: number;
  /** Fewest items of a list. */
  minItems?: number;
}

interface JsonSchemaFacts {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: JsonSchemaFacts;
}

const factsCache = new WeakMap<FieldDefinition, FieldFacts>();

/** The field's input as JSON Schema (zod's own export); custom kinds such as files become `{}`. */
export function fieldJsonSchema(definition: FieldDefinition): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(definition.schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return schema;
}

/**
 * Reads required, default, kind, choices and bounds off the schema (through its JSON Schema
 * export), so they are never written twice.
 */
export function describeField(definition: FieldDefinition): FieldFacts {
  const cached = factsCache.get(definition);
  if (cached) return cached;
  const schema = fieldJsonSchema(definition) as JsonSchemaFacts;
  const required = !definition.schema.safeParse(undefined).success;
  let kind: FieldKind = definition.kind ?? 'string';
  let choices: readonly string[] | undefined;
  if (schema.enum) {
    choices = schema.enum;
    kind = definition.kind ?? 'options';
  } else if (schema.type === 'array') {
    if (schema.items?.enum) {
      choices = schema.items.enum;
      kind = definition.kind ?? 'multiOptions';
    } else kind = definition.kind ?? 'stringList';
  } else if (schema.type === 'number' || schema.type === 'integer') kind = definition.kind ?? 'number';
  else if (schema.type === 'boolean') kind = definition.kind ?? 'boolean';
  const facts: FieldFacts = { kind, required, default: schema.default, choices, ...bounds(schema) };
  factsCache.set(definition, facts);
  return facts;
}

function bounds(schema: JsonSchemaFacts): Partial<FieldFacts> {
  const integer = schema.type === 'integer';
  const step = integer ? 1 : 0;
  const result: Partial<FieldFacts> = {};
  const minimum =
    schema.minimum ?? (schema.exclusiveMinimum === undefined ? undefined : schema.exclusiveMinimum + step);
  const maximum =
    schema.maximum ?? (schema.exclusiveMaximum === undefined ? undefined : schema.exclusiveMaximum - step);
  // zod caps every integer at the largest safe integer; that is no limit a form should show.
  if (minimum !== undefined && minimum > Number.MIN_SAFE_INTEGER) result.minimum = minimum;
  if (maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER) result.maximum = maximum;
  if (schema.minLength !== undefined) result.minLength = schema.minLength;
  if (schema.maxLength !== undefined) result.maxLength = schema.maxLength;
  if (schema.minItems !== undefined) result.minItems = schema.minItems;
  return result;
}
