import { catalogue, describeField, type FieldDefinition, operationIds, resources } from '@workspan-kit/core';
import type { INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { workSpanProperties } from './action-description.ts';
import { readBatching } from './batching.ts';
import { connectionProperties } from './connection-properties.ts';
import { formatFromFileChoice } from './form-names.ts';
import { operationProperties } from './operation-form.ts';
import { workSpanTriggerProperties } from './trigger-description.ts';

const shownFor = (properties: INodeProperties[], show: Record<string, string>) =>
  properties.filter((property) =>
    Object.entries(show).every(([name, value]) => property.displayOptions?.show?.[name]?.includes(value)),
  );

describe('the WorkSpan node generated from the catalogue', () => {
  it('offers every action and internal call under its resource, with the catalogue names', () => {
    const offered: string[] = [];
    for (const resource of workSpanProperties.find((property) => property.name === 'resource')?.options ??
      []) {
      const selector = workSpanProperties.find(
        (property) =>
          property.name === 'operation' &&
          property.displayOptions?.show?.resource?.includes((resource as { value: string }).value),
      );
      for (const option of (selector?.options ?? []) as { value: string; name: string; action: string }[]) {
        const operation = Object.values(catalogue).find(
          (candidate) =>
            candidate.resource === (resource as { value: string }).value && candidate.key === option.value,
        );
        expect(operation, option.value).toBeDefined();
        expect(option.name).toBe(operation?.name);
        expect(option.action).toBe(operation?.actionSentence);
        offered.push(operation?.id as string);
      }
    }
    expect(offered.sort()).toEqual(operationIds.filter((id) => catalogue[id].kind !== 'trigger').sort());
    const resourceNames = (workSpanProperties[0]?.options ?? []).map(
      (option) => (option as { name: string }).name,
    );
    expect(resourceNames).toEqual(
      resources.filter((resource) => resource.id !== 'event').map((resource) => resource.displayName),
    );
  });

  it('carries each field’s label, default, choices, limits and visibility', () => {
    const status = shownFor(workSpanProperties, { resource: 'bulkLoad', operation: 'getStatus' });
    const options = status.find((property) => property.name === 'options');
    const maxErrors = options?.options?.find(
      (option) => (option as INodeProperties).name === 'maxErrors',
    ) as INodeProperties;
    const facts = describeField(catalogue.GetBulkloadStatus.fields.maxErrors as FieldDefinition);
    expect(maxErrors.default).toBe(facts.default);
    expect(maxErrors.typeOptions?.minValue).toBe(facts.minimum);

    const load = shownFor(workSpanProperties, { resource: 'bulkLoad', operation: 'loadData' });
    const delimiter = load
      .find((property) => property.name === 'options')
      ?.options?.find((option) => (option as INodeProperties).name === 'columnDelimiter') as INodeProperties;
    expect(delimiter.displayOptions?.show).toEqual({ '/dataFormat': ['csv'] });
    expect(load.map((property) => property.name)).toEqual(
      expect.arrayContaining([
        'integrationId',
        'dataFormat',
        'dataSource',
        'rowsPerLoad',
        'data',
        'waitForCompletion',
        'failOnRowErrors',
      ]),
    );
    expect(load.find((property) => property.name === 'integrationId')?.typeOptions?.loadOptionsMethod).toBe(
      'getIntegrations',
    );
  });

  it('leaves an upload’s format to the file unless one is chosen; pages are Return All / Limit', () => {
    const upload = operationProperties(catalogue.BulkloadDataFileAttachment, {});
    const format = upload.find((property) => property.name === 'dataFormat');
    expect(format?.default).toBe(formatFromFileChoice);
    expect(upload.find((property) => property.name === 'binaryPropertyName')?.default).toBe('data');
    const rows = operationProperties(catalogue.GetReportData, {}).map((property) => property.name);
    expect(rows).toEqual(expect.arrayContaining(['reportId', 'returnAll', 'limit', 'conditions']));
    expect(rows).not.toContain('pageNumber');
  });
});

describe('the trigger and the credential generated from the catalogue', () => {
  it('offers the three event sources and never the callback URL', () => {
    const source = workSpanTriggerProperties.find((property) => property.name === 'eventSource');
    expect((source?.options ?? []).map((option) => (option as { value: string }).value)).toEqual(
      operationIds.filter((id) => catalogue[id].kind === 'trigger').map((id) => catalogue[id].key),
    );
    expect(workSpanTriggerProperties.map((property) => property.name)).not.toContain('callbackUrl');
  });

  it('asks for core’s connection fields, the secret masked', () => {
    expect(connectionProperties.map((property) => property.name)).toEqual([
      'environment',
      'baseUrl',
      'clientId',
      'clientSecret',
      'hostname',
      'notes',
      'callsPerMinute',
    ]);
    expect(
      connectionProperties.find((property) => property.name === 'clientSecret')?.typeOptions?.password,
    ).toBe(true);
    expect(
      connectionProperties.find((property) => property.name === 'baseUrl')?.displayOptions?.show,
    ).toEqual({
      environment: ['custom'],
    });
  });
});

describe('the batching option', () => {
  it('is offered for every operation, inside Options', () => {
    for (const operation of Object.values(catalogue)) {
      const options = operationProperties(operation, {}).find((property) => property.name === 'options');
      expect(
        (options?.options as INodeProperties[] | undefined)?.some((option) => option.name === 'batching'),
        operation.id,
      ).toBe(true);
    }
  });

  it('sends one item after another unless told otherwise, and refuses what is not a size or a pause', () => {
    expect(readBatching(undefined)).toEqual({ size: 1, intervalMs: 0 });
    expect(readBatching({ batchSize: 8, batchInterval: 250 })).toEqual({ size: 8, intervalMs: 250 });
    expect(readBatching({ batchSize: 0 })).toEqual({ issue: expect.stringContaining('Items per Batch') });
    expect(readBatching({ batchSize: 2.5 })).toEqual({ issue: expect.stringContaining('got 2.5') });
    expect(readBatching({ batchSize: 'many' })).toEqual({ issue: expect.stringContaining('"many"') });
    expect(readBatching({ batchInterval: -1 })).toEqual({ issue: expect.stringContaining('Batch Interval') });
  });
});
