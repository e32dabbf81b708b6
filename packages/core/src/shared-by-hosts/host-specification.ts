import { z } from 'zod';
import {
  type AnyOperation,
  type ConnectionField,
  catalogue,
  connectionFields,
  describeField,
  type FieldDefinition,
  type FieldFacts,
  type FieldPresentation,
  fieldJsonSchema,
  type ListSourceDefinition,
  lengthLimits,
  listSources,
  type OperationId,
  operationIds,
  type ResourceDefinition,
  resources,
} from '../catalogue/index.js';
import { type RunOptionField, runOptionFields } from '../run/run-options.js';
import { type OutputField, outputFields } from './output-fields.js';

/** One field as plain data: its presentation, the facts read off its schema, and that schema. */
export type FieldSpecification = FieldPresentation &
  FieldFacts & { name: string; jsonSchema: Record<string, unknown> };

/** One operation as plain data, for tools and docs that cannot run TypeScript. */
export interface OperationSpecification {
  id: OperationId;
  kind: AnyOperation['kind'];
  resource: AnyOperation['resource'];
  key: string;
  name: string;
  actionSentence: string;
  title: string;
  description: string;
  creates: boolean;
  effect: AnyOperation['effect'];
  howToCheck?: string;
  http: AnyOperation['http'];
  behaviours: AnyOperation['behaviours'];
  fields: FieldSpecification[];
  /** How a host runs it besides its fields: paging, waiting for a bulk load. */
  runOptions: readonly RunOptionField[];
  outputs: readonly OutputField[];
  example: Record<string, unknown>;
  inputJsonSchema: Record<string, unknown>;
}

export interface HostSpecification {
  resources: readonly ResourceDefinition[];
  listSources: Record<string, ListSourceDefinition>;
  connectionFields: readonly ConnectionField[];
  lengthLimits: typeof lengthLimits;
  operations: OperationSpecification[];
}

/** A field's whole description for a host form. */
export function fieldSpecification(name: string, definition: FieldDefinition): FieldSpecification {
  const { schema: _schema, ...presentation } = definition;
  return { name, ...presentation, ...describeField(definition), jsonSchema: fieldJsonSchema(definition) };
}

export function operationSpecification(operation: AnyOperation): OperationSpecification {
  const { $schema: _dialect, ...inputJsonSchema } = z.toJSONSchema(operation.input, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return {
    id: operation.id as OperationId,
    kind: operation.kind,
    resource: operation.resource,
    key: operation.key,
    name: operation.name,
    actionSentence: operation.actionSentence,
    title: operation.title,
    description: operation.description,
    creates: operation.creates,
    effect: operation.effect,
    ...(operation.howToCheck ? { howToCheck: operation.howToCheck } : {}),
    http: operation.http,
    behaviours: operation.behaviours,
    fields: Object.entries(operation.fields as Record<string, FieldDefinition>).map(([name, definition]) =>
      fieldSpecification(name, definition),
    ),
    runOptions: runOptionFields(operation),
    outputs: outputFields(operation),
    example: operation.example as Record<string, unknown>,
    inputJsonSchema,
  };
}

/** The whole catalogue as plain data (what `host-spec.json` holds). */
export function hostSpecification(): HostSpecification {
  return {
    resources,
    listSources,
    connectionFields,
    lengthLimits,
    operations: operationIds.map((id) => operationSpecification(catalogue[id])),
  };
}
