import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../connection.js';
import { validateInput } from '../request/validate-input.js';
import { connectionFields } from './connection-fields.js';
import { describeField, type FieldDefinition } from './field.js';
import { catalogue, operationIds } from './index.js';
import { listSources } from './list-sources.js';
import { resources } from './resources.js';

const referenceFolder = new URL('../../../../reference/', import.meta.url);
const swagger = JSON.parse(readFileSync(new URL('apiDefinition.swagger.json', referenceFolder), 'utf8'));
const properties = JSON.parse(readFileSync(new URL('apiProperties.json', referenceFolder), 'utf8'));

/** The definition read as loose JSON: every property is another node. */
interface Node {
  [key: string]: Node;
}

interface DynamicValues {
  operationId: string;
  'value-collection': string;
  'value-path': string;
  'value-title': string;
}

/** Every x-ms-dynamic-values of the definition, keyed `operationId location wireName`. */
function declaredLists(): Map<string, DynamicValues> {
  const lists = new Map<string, DynamicValues>();
  for (const methods of Object.values(swagger.paths as Record<string, Record<string, Node>>)) {
    for (const operation of Object.values(methods)) {
      if (!operation?.operationId) continue;
      for (const parameter of (operation.parameters ?? []) as unknown as Node[]) {
        if (parameter['x-ms-dynamic-values'])
          lists.set(
            `${operation.operationId} ${parameter.in} ${parameter.name}`,
            parameter['x-ms-dynamic-values'] as unknown as DynamicValues,
          );
        const body = parameter.schema?.$ref
          ? swagger.definitions[String(parameter.schema.$ref).replace('#/definitions/', '')]
          : parameter.schema;
        for (const [name, property] of Object.entries((body?.properties ?? {}) as Record<string, Node>)) {
          if (property['x-ms-dynamic-values'])
            lists.set(
              `${operation.operationId} body ${name}`,
              property['x-ms-dynamic-values'] as unknown as DynamicValues,
            );
        }
      }
    }
  }
  return lists;
}

const fieldsOf = (id: (typeof operationIds)[number]) =>
  Object.entries(catalogue[id].fields as Record<string, FieldDefinition>);

describe('list sources', () => {
  const declared = declaredLists();

  it('follow every x-ms-dynamic-values of the definition to the letter', () => {
    expect(declared.size).toBeGreaterThan(0);
    for (const [key, values] of declared) {
      const [id, location, wireName] = key.split(' ') as [(typeof operationIds)[number], string, string];
      const match = fieldsOf(id).find(([, field]) => field.in === location && field.wireName === wireName);
      expect(match, key).toBeDefined();
      const source = match?.[1].listSource;
      expect(source, `${key} has a list source`).toBeDefined();
      const definition = listSources[source as keyof typeof listSources];
      expect(definition, key).toMatchObject({
        operation: values.operationId,
        collection: values['value-collection'],
        valuePath: values['value-path'],
        titlePath: values['value-title'],
        declaredByConnector: true,
      });
    }
  });

  it('adds lists the definition does not declare only where named here', () => {
    const added = operationIds.flatMap((id) =>
      fieldsOf(id)
        .filter(([, field]) => field.listSource && !declared.has(`${id} ${field.in} ${field.wireName}`))
        .map(([name]) => `${id}.${name}`),
    );
    expect(added.sort()).toEqual(
      [
        'GetEventSchema.event',
        'GetObjectEventSchema.integrationId',
        'GetReportData.reportId',
        'ObjectAudit.integrationId',
      ].sort(),
    );
    expect(listSources.reports.declaredByConnector).toBe(false);
  });

  it('name operations that return their collection', () => {
    for (const source of Object.values(listSources)) {
      const operation = catalogue[source.operation];
      expect(Object.keys(operation.output.shape)).toContain(source.collection);
    }
  });
});

describe('triggers', () => {
  it('describe their deliveries as the definition does (x-ms-notification-content, x-ms-dynamic-schema)', () => {
    for (const id of operationIds.filter((candidate) => catalogue[candidate].kind === 'trigger')) {
      const operation = catalogue[id];
      const trigger = operation.behaviours.trigger;
      expect(trigger, id).toBeDefined();
      if (!trigger) continue;
      const pathItem = swagger.paths[operation.http.path];
      const payload = pathItem['x-ms-notification-content'].schema.$ref.replace('#/definitions/', '');
      const dynamic = swagger.definitions[payload]['x-ms-dynamic-schema'];
      expect(trigger.payloadSchema.operation).toBe(dynamic.operationId);
      expect(trigger.payloadSchema.valuePath).toBe(dynamic['value-path']);
      for (const [parameter, reference] of Object.entries(dynamic.parameters as Record<string, Node>)) {
        const fieldName = trigger.payloadSchema.parameters[parameter];
        const field = fieldName
          ? (operation.fields as Record<string, FieldDefinition>)[fieldName]
          : undefined;
        expect(field?.wireName, `${id} ${parameter}`).toBe(reference.parameter);
      }
      const callback = (operation.fields as Record<string, FieldDefinition>)[trigger.callbackUrlField];
      expect(callback?.role).toBe('callbackUrl');
      if (trigger.eventField) expect(operation.fields).toHaveProperty(trigger.eventField);
    }
  });

  it('list the object events of the definition', () => {
    const events = catalogue.SubscribeObjectEvent.behaviours.trigger?.events;
    expect(events).toEqual(describeField(catalogue.SubscribeObjectEvent.fields.events).choices);
  });
});

describe('operation facts for hosts', () => {
  it('give each operation a key, name and sentence unique in its resource', () => {
    for (const resource of resources) {
      const operations = Object.values(catalogue).filter((operation) => operation.resource === resource.id);
      expect(operations.length, resource.id).toBeGreaterThan(0);
      for (const property of ['key', 'name', 'actionSentence'] as const) {
        const values = operations.map((operation) => operation[property]);
        expect(new Set(values).size, `${resource.id} ${property}`).toBe(values.length);
      }
      for (const operation of operations) {
        expect(operation.key).toMatch(/^[a-z][A-Za-z]+$/);
        expect(operation.name).toMatch(/^[A-Z][A-Za-z ]+$/);
        expect(operation.actionSentence).toMatch(/^[A-Z][^.]+[^.\s]$/);
      }
    }
    expect(new Set(Object.values(catalogue).map((operation) => operation.resource))).toEqual(
      new Set(resources.map((resource) => resource.id)),
    );
  });

  it.each(operationIds)('%s has a complete example that validates', (id) => {
    const operation = catalogue[id];
    const example = operation.example as Record<string, unknown>;
    for (const [name, field] of Object.entries(operation.fields as Record<string, FieldDefinition>)) {
      if (describeField(field).required) expect(example, `${id}.${name}`).toHaveProperty(name);
    }
    expect(() => validateInput(operation, example)).not.toThrow();
  });

  it.each(operationIds)('%s declares visibility only on its own fields and choices', (id) => {
    const fields = catalogue[id].fields as Record<string, FieldDefinition>;
    for (const [name, field] of Object.entries(fields)) {
      for (const [other, values] of Object.entries(field.visibleWhen ?? {})) {
        const controlling = fields[other];
        expect(controlling, `${id}.${name} depends on ${other}`).toBeDefined();
        if (controlling)
          expect(describeField(controlling).choices).toEqual(expect.arrayContaining([...values]));
      }
    }
  });

  it('declare paging where the answer pages, and bulk loads where a load starts', () => {
    for (const operation of Object.values(catalogue)) {
      const { paging, bulkload } = operation.behaviours;
      expect(Boolean(paging), operation.id).toBe('pageNumber' in operation.fields);
      if (paging) {
        expect(operation.fields).toHaveProperty(paging.pageSizeField);
        expect(Object.keys(operation.output.shape)).toContain(paging.resultsPath);
      }
      expect(Boolean(bulkload), operation.id).toBe(operation.resource === 'bulkLoad' && operation.creates);
      if (bulkload) {
        expect(operation.fields).toHaveProperty(bulkload.contentField);
        expect(operation.fields).toHaveProperty(bulkload.formatField);
        expect(bulkload.formatField).toBe(operation.http.formatField);
      }
    }
  });

  it('derive numeric limits from the schemas', () => {
    expect(describeField(catalogue.GetReportList.fields.pageSize)).toMatchObject({
      minimum: 1,
      maximum: 10000,
    });
    expect(describeField(catalogue.GetReportData.fields.reportId)).toMatchObject({ minimum: 1 });
    expect(describeField(catalogue.GetBulkloadStatus.fields.maxErrors)).toMatchObject({
      minimum: 0,
      default: 5,
    });
    expect(describeField(catalogue.GetExternalId.fields.objectId)).toMatchObject({ maxLength: 512 });
  });
});

const someConnection = { clientId: 'id', clientSecret: 'secret', hostname: 'app.workspan.com' };

describe('connection fields', () => {
  it('are the connector connection parameters, plus a base URL for a local sandbox', () => {
    const parameters = properties.properties.connectionParameters;
    const byName = Object.fromEntries(connectionFields.map((field) => [field.name, field]));
    // The connector's names, with "ID" written as every other label writes it.
    expect(byName.clientId?.label).toBe(
      parameters['token:AppUserId'].uiDefinition.displayName.replace(/\bId\b/, 'ID'),
    );
    expect(byName.clientSecret?.label).toBe(parameters['token:AppUserSecret'].uiDefinition.displayName);
    expect(parameters['token:AppUserSecret'].type).toBe('securestring');
    expect(connectionFields.filter((field) => field.secret).map((field) => field.name)).toEqual([
      'clientSecret',
    ]);
    expect(parameters['token:HostName'].uiDefinition.displayName).toContain(byName.hostname?.label);
    expect(byName.notes?.label).toBe(parameters['token:notes'].uiDefinition.displayName);
    const environments = parameters['token:env'].uiDefinition.constraints.allowedValues;
    for (const allowed of environments) {
      const choice = byName.environment?.choices?.find((candidate) => candidate.label === allowed.text);
      expect(resolveConnection({ ...someConnection, environment: String(choice?.value) }).baseUrl).toBe(
        allowed.value,
      );
      expect(choice?.description.startsWith(`${allowed.value}, `)).toBe(true);
    }
    expect(byName.baseUrl?.visibleWhen).toEqual({ environment: ['custom'] });
  });
});
