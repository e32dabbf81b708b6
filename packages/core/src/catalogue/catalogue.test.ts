import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeField } from './field.js';
import { catalogue, operationIds } from './index.js';

const referenceFolder = new URL('../../../../reference/', import.meta.url);
const swagger = JSON.parse(readFileSync(new URL('apiDefinition.swagger.json', referenceFolder), 'utf8'));
const properties = JSON.parse(readFileSync(new URL('apiProperties.json', referenceFolder), 'utf8'));

interface SwaggerParameter {
  name: string;
  in: string;
  required?: boolean;
  type?: string;
  enum?: unknown[];
  default?: unknown;
  schema?: SwaggerSchema;
}
interface SwaggerSchema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, SwaggerSchema>;
  items?: SwaggerSchema;
  enum?: unknown[];
  default?: unknown;
  'x-ms-visibility'?: string;
}

const swaggerOperations = new Map<
  string,
  { method: string; path: string; operation: { parameters?: SwaggerParameter[] } }
>();
for (const [path, methods] of Object.entries(
  swagger.paths as Record<string, Record<string, { operationId?: string; parameters?: SwaggerParameter[] }>>,
)) {
  for (const [method, operation] of Object.entries(methods)) {
    if (operation?.operationId)
      swaggerOperations.set(operation.operationId, { method: method.toUpperCase(), path, operation });
  }
}

const routing = new Map<string, string>();
for (const policy of properties.properties.policyTemplateInstances) {
  if (policy.templateId !== 'routerequesttoendpoint') continue;
  for (const id of policy.parameters['x-ms-apimTemplate-operationName'])
    routing.set(id, policy.parameters['x-ms-apimTemplateParameter.newPath']);
}

function resolve(schema: SwaggerSchema | undefined): SwaggerSchema {
  if (!schema) return {};
  if (schema.$ref) return resolve(swagger.definitions[schema.$ref.replace('#/definitions/', '')]);
  return schema;
}

/** Flattens a body schema into dotted leaf names, as the catalogue's wire names are written. */
function bodyLeaves(
  schema: SwaggerSchema,
  prefix = '',
): Map<string, { schema: SwaggerSchema; required: boolean }> {
  const leaves = new Map<string, { schema: SwaggerSchema; required: boolean }>();
  const resolved = resolve(schema);
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    const full = prefix ? `${prefix}.${name}` : name;
    const resolvedChild = resolve(child);
    if (resolvedChild.type === 'object' && resolvedChild.properties && name !== 'filters') {
      for (const [leaf, info] of bodyLeaves(resolvedChild, full)) leaves.set(leaf, info);
    } else {
      leaves.set(full, { schema: resolvedChild, required: (resolved.required ?? []).includes(name) });
    }
  }
  return leaves;
}

describe('the catalogue against the connector definition', () => {
  it('holds all 19 operations: 10 actions, 3 triggers, 6 internal', () => {
    expect(operationIds).toHaveLength(19);
    expect(new Set(operationIds)).toEqual(new Set(swaggerOperations.keys()));
    const kinds = Object.values(catalogue).map((operation) => operation.kind);
    expect(kinds.filter((kind) => kind === 'action')).toHaveLength(10);
    expect(kinds.filter((kind) => kind === 'trigger')).toHaveLength(3);
    expect(kinds.filter((kind) => kind === 'internal')).toHaveLength(6);
  });

  describe.each(operationIds)('%s', (id) => {
    const operation = catalogue[id];
    const reference = swaggerOperations.get(id);
    if (!reference) throw new Error(`${id} is not in the definition`);
    const parameters = reference.operation.parameters ?? [];

    it('has the method, path and routing of the definition', () => {
      expect(operation.http.method).toBe(reference.method);
      expect(operation.http.path).toBe(reference.path);
      expect(operation.http.routedPath).toBe(routing.get(id));
    });

    it('is a trigger exactly when the definition says x-ms-trigger', () => {
      const isTrigger = 'x-ms-trigger' in reference.operation;
      expect(operation.kind === 'trigger').toBe(isTrigger);
      if (!isTrigger) {
        const internal =
          (reference.operation as { 'x-ms-visibility'?: string })['x-ms-visibility'] === 'internal';
        expect(operation.kind === 'internal').toBe(internal);
      }
    });

    it('maps every path, query and form parameter with its required flag, enum and default', () => {
      const fields = Object.values(operation.fields);
      for (const parameter of parameters) {
        if (parameter.in === 'body' || parameter.in === 'header') continue;
        const location = parameter.in === 'formData' ? 'file' : parameter.in;
        const match = fields.find((field) => field.in === location && field.wireName === parameter.name);
        expect(match, `${parameter.in} parameter ${parameter.name}`).toBeDefined();
        if (!match) continue;
        const facts = describeField(match);
        expect(facts.required, `${parameter.name} required`).toBe(
          parameter.required === true && parameter.default === undefined,
        );
        if (parameter.enum) expect(new Set(facts.choices)).toEqual(new Set(parameter.enum));
        if (parameter.default !== undefined)
          expect(facts.default, `${parameter.name} default`).toEqual(parameter.default);
      }
      for (const field of fields.filter(
        (candidate) => candidate.in === 'path' || candidate.in === 'query' || candidate.in === 'file',
      )) {
        const location = field.in === 'file' ? 'formData' : field.in;
        expect(
          parameters.some((parameter) => parameter.in === location && parameter.name === field.wireName),
          field.wireName,
        ).toBe(true);
      }
    });

    it('builds the body the definition describes', () => {
      const body = parameters.find((parameter) => parameter.in === 'body');
      const fields = Object.values(operation.fields);
      if (!body) {
        expect(['none', 'multipart']).toContain(operation.http.body);
        return;
      }
      if (operation.http.body === 'data') {
        expect(fields.some((field) => field.in === 'data')).toBe(true);
        const header = parameters.find(
          (parameter) => parameter.in === 'header' && parameter.name === 'Content-Type',
        );
        expect(header?.enum).toEqual(expect.arrayContaining(['text/csv', 'application/json']));
        return;
      }
      expect(operation.http.body).toBe('json');
      const leaves = bodyLeaves(body.schema ?? {});
      const constants = operation.http.constants ?? {};
      for (const [name, leaf] of leaves) {
        const match = fields.find((field) => field.in === 'body' && field.wireName === name);
        if (name in constants) {
          expect(leaf.schema['x-ms-visibility'], `${name} is fixed by the connector`).toBe('internal');
          if (leaf.schema.default !== undefined) expect(constants[name]).toEqual(leaf.schema.default);
          continue;
        }
        expect(match, `body field ${name}`).toBeDefined();
        if (!match) continue;
        const facts = describeField(match);
        if (leaf.required)
          expect(facts.required || facts.default !== undefined, `${name} is always sent`).toBe(true);
        else expect(facts.required, `${name} is optional`).toBe(false);
        const enumeration = leaf.schema.enum ?? leaf.schema.items?.enum;
        if (enumeration) expect(new Set(facts.choices)).toEqual(new Set(enumeration));
        const defaultValue = leaf.schema.default ?? leaf.schema.items?.default;
        if (defaultValue !== undefined && facts.default !== undefined) {
          expect(Array.isArray(facts.default) ? facts.default : [facts.default]).toContain(defaultValue);
        }
      }
      for (const field of fields.filter((candidate) => candidate.in === 'body')) {
        expect(leaves.has(field.wireName), `${field.wireName} is in the definition`).toBe(true);
      }
    });

    it('gives every field a label and a description', () => {
      for (const [name, field] of Object.entries(operation.fields)) {
        expect(field.label, name).not.toBe('');
        expect(field.description.length, name).toBeGreaterThan(10);
      }
      expect(operation.title).not.toBe('');
      expect(operation.description.length).toBeGreaterThan(10);
    });
  });
});
