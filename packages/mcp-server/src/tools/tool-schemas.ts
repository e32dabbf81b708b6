import {
  type AnyOperation,
  catalogue,
  describeField,
  type FieldDefinition,
  type FieldKind,
  listSources,
  runOptionFields,
} from '@workspan-kit/core';
import { fieldJsonSchema } from '@workspan-kit/core/internal';
import { z } from 'zod';
import { operationToolName } from './tool-names.js';

export type JsonSchema = Record<string, unknown>;

/** What JSON can carry for the field kinds zod cannot describe (their schemas are checks in code). */
const jsonForms: Partial<Record<FieldKind, JsonSchema>> = {
  data: {
    anyOf: [
      { type: 'string', minLength: 1, description: 'CSV or JSON text' },
      { type: 'array', items: { type: 'object' }, description: 'rows as objects' },
      { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    ],
  },
  file: {
    anyOf: [
      { type: 'string', minLength: 1, description: "a file's path on the server's machine" },
      {
        type: 'object',
        properties: { path: { type: 'string' }, name: { type: 'string' } },
        required: ['path'],
      },
      {
        type: 'object',
        properties: { name: { type: 'string' }, content: { type: 'string' } },
        required: ['name', 'content'],
        description: 'the file given as text, named with its extension',
      },
    ],
  },
};

/** A field's help, and for a field chosen from a list, the tool that lists the choices. */
function fieldHelp(definition: FieldDefinition): string {
  if (!definition.listSource) return definition.description;
  const source = listSources[definition.listSource];
  const lister = operationToolName(catalogue[source.operation]);
  return `${definition.description} Choose from ${lister} (its ${source.collection}[].${source.valuePath}).`;
}

export interface InputSchemaOptions {
  /** Fields the tool does not take (a trigger's callback URL, which the server fills). */
  omit?: readonly string[];
  /** Fields the tool fills when left out (a watch's name). */
  optional?: readonly string[];
}

/** A tool's input: the operation's fields (help, bounds, choices, defaults) and its run options. */
export function operationInputSchema(operation: AnyOperation, options: InputSchemaOptions = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, definition] of Object.entries(operation.fields as Record<string, FieldDefinition>)) {
    if (options.omit?.includes(name)) continue;
    const facts = describeField(definition);
    const form = jsonForms[facts.kind] ?? fieldJsonSchema(definition);
    properties[name] = { ...form, description: fieldHelp(definition) };
    if (facts.required && !options.optional?.includes(name)) required.push(name);
  }
  for (const option of runOptionFields(operation)) {
    properties[option.name] = {
      type: option.kind === 'boolean' ? 'boolean' : 'integer',
      description: option.description,
      default: option.default,
      ...(option.minimum === undefined ? {} : { minimum: option.minimum }),
      ...(option.maximum === undefined ? {} : { maximum: option.maximum }),
    };
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** Keywords zod writes that allow every JSON value anyway: left out, every tool list is smaller. */
const allowsEverything: Record<string, (value: unknown) => boolean> = {
  additionalProperties: (value) =>
    value !== null && typeof value === 'object' && Object.keys(value).length === 0,
  propertyNames: (value) => JSON.stringify(value) === '{"type":"string"}',
  maximum: (value) => value === Number.MAX_SAFE_INTEGER,
  minimum: (value) => value === Number.MIN_SAFE_INTEGER,
};

/** Keywords whose value maps names to schemas: their keys are names, not keywords. */
const schemaMaps = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/**
 * A JSON Schema as the tool list gives it, letting the same values pass: without the keywords that
 * restrict nothing, and with one type per schema (a list of types becomes `anyOf`), which clients
 * that map tool schemas onto a single-type dialect (Gemini's function declarations) can take.
 */
export function listedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(listedSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const listed: Record<string, unknown> = Object.fromEntries(
    Object.entries(schema)
      .filter(([keyword, value]) => !allowsEverything[keyword]?.(value))
      .map(([keyword, value]) => [
        keyword,
        schemaMaps.has(keyword)
          ? Object.fromEntries(
              Object.entries(value as object).map(([name, item]) => [name, listedSchema(item)]),
            )
          : listedSchema(value),
      ]),
  );
  if (!Array.isArray(listed.type) || listed.anyOf) return listed;
  const { type: types, ...rest } = listed;
  return { ...rest, anyOf: (types as unknown[]).map((type) => ({ type })) };
}

/** An answer's JSON Schema, from the catalogue's output schema. */
export function answerSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return rest as JsonSchema;
}

const noteSchema = {
  type: 'string',
  description: 'Present when the answer was cut or more rows exist: how to read the rest.',
};

/** A tool's structured answer: the operation's answer, a bulk load's final status, a note on cuts. */
export function operationOutputSchema(operation: AnyOperation): JsonSchema {
  const schema = answerSchema(operation.output);
  const properties: Record<string, unknown> = { ...(schema.properties as object) };
  // A note comes only with pages or a cut list, and only top-level lists are cut.
  const hasList = Object.values(properties).some((property) => (property as JsonSchema).type === 'array');
  if (operation.behaviours.paging || hasList) properties.note = noteSchema;
  const bulkload = operation.behaviours.bulkload;
  // Described once, by the status tool's output, to keep the tool list small.
  if (bulkload)
    properties.status = {
      type: 'object',
      description: `The final status, when the call waited for completion, as ${operationToolName(catalogue[bulkload.statusOperation])} answers it.`,
    };
  return { ...schema, properties };
}
