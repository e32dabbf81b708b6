import type { z } from 'zod';

/** Where a field goes in the HTTP request. */
export type FieldLocation = 'path' | 'query' | 'body' | 'data' | 'file';

/** Lists a host can offer to choose from, filled by an internal operation. */
export type ListSource = 'integrations' | 'events' | 'reports';

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
}

interface ZodInternals {
  _zod: {
    def: {
      type: string;
      innerType?: ZodInternals;
      defaultValue?: unknown;
      element?: ZodInternals;
      entries?: Record<string, string>;
    };
  };
}

/** Reads required, default, kind and choices off the schema so they are never written twice. */
export function describeField(definition: FieldDefinition): FieldFacts {
  let schema = definition.schema as unknown as ZodInternals;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    const def = schema._zod.def;
    if (def.type === 'optional' && def.innerType) {
      required = false;
      schema = def.innerType;
    } else if (def.type === 'default' && def.innerType) {
      required = false;
      defaultValue = def.defaultValue;
      schema = def.innerType;
    } else break;
  }
  const def = schema._zod.def;
  let kind: FieldKind = definition.kind ?? 'string';
  let choices: readonly string[] | undefined;
  if (def.type === 'enum' && def.entries) {
    choices = Object.values(def.entries);
    kind = definition.kind ?? 'options';
  } else if (def.type === 'array' && def.element) {
    const element = def.element._zod.def;
    if (element.type === 'enum' && element.entries) {
      choices = Object.values(element.entries);
      kind = definition.kind ?? 'multiOptions';
    } else kind = definition.kind ?? 'stringList';
  } else if (def.type === 'number') kind = definition.kind ?? 'number';
  else if (def.type === 'boolean') kind = definition.kind ?? 'boolean';
  return { kind, required, default: defaultValue, choices };
}
