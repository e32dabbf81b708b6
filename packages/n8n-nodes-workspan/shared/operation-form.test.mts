import { catalogue, describeField, type FieldDefinition, operationIds, resources } from '@workspan-kit/core';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { WorkSpan } from '../nodes/WorkSpan/WorkSpan.node.ts';
import { WorkSpanTrigger } from '../nodes/WorkSpanTrigger/WorkSpanTrigger.node.ts';
import { workSpanProperties } from './action-description.ts';
import { readBatching } from './batching.ts';
import { connectionProperties } from './connection-properties.ts';
import { formatFromFileChoice } from './form-names.ts';
import { operationProperties } from './operation-form.ts';
import { readOperationInput } from './operation-input.ts';
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
  });

  it('offers every record picker as a resource locator: From List (searched), then By ID', () => {
    const pickers = [...workSpanProperties, ...workSpanTriggerProperties].filter(
      (property) => property.type === 'resourceLocator',
    );
    expect(new Set(pickers.map((property) => property.name))).toEqual(
      new Set(['integrationId', 'reportId', 'event']),
    );
    for (const picker of pickers) {
      expect(picker.default).toEqual({ mode: 'list', value: '' });
      expect(picker.modes?.map((mode) => [mode.name, mode.displayName])).toEqual([
        ['list', 'From List'],
        ['id', 'By ID'],
      ]);
      expect(picker.modes?.[0]?.typeOptions).toEqual({
        searchListMethod: expect.stringMatching(/^search(Integrations|Events|Reports)$/),
        searchable: true,
      });
    }
    const report = pickers.find((property) => property.name === 'reportId');
    expect(report?.modes?.[1]?.placeholder).toBe('e.g. 1001');
    expect(report?.modes?.[1]?.validation).toHaveLength(1);
    expect(Object.keys(new WorkSpan().methods.listSearch)).toEqual([
      'searchIntegrations',
      'searchEvents',
      'searchReports',
    ]);
  });

  it("reads a picker's value in every mode, and a plain ID an older workflow stored", () => {
    const read = (reportId: unknown) =>
      readOperationInput(catalogue.GetReportData, (name, fallback) =>
        name === 'reportId' ? reportId : fallback,
      ).reportId;
    expect(read({ __rl: true, mode: 'list', value: 1001, cachedResultName: 'Won deals' })).toBe(1001);
    expect(read({ __rl: true, mode: 'id', value: ' 1001 ' })).toBe(1001);
    expect(read(1001)).toBe(1001);
    expect(read('1001')).toBe(1001);
  });

  it('names choices in title case, the API values unchanged', () => {
    const rows = shownFor(workSpanProperties, { resource: 'report', operation: 'getData' });
    const condition = rows.find((property) => property.name === 'conditions')?.options?.[0] as {
      values: INodeProperties[];
    };
    const operators = condition.values.find((value) => value.name === 'op')
      ?.options as INodePropertyOptions[];
    expect(operators).toContainEqual({ name: 'Greater Than or Equal To', value: 'GREATER_THAN_OR_EQUAL_TO' });
    expect(operators).toContainEqual({ name: 'Equal To', value: 'EQUAL_TO' });
    const types = condition.values.find((value) => value.name === 'type')?.options as INodePropertyOptions[];
    expect(types).toContainEqual({ name: 'Date Time Offset', value: 'DATE_TIME_OFFSET' });
    const load = shownFor(workSpanProperties, { resource: 'bulkLoad', operation: 'loadData' });
    expect(load.find((property) => property.name === 'dataFormat')?.options).toContainEqual({
      name: 'CSV',
      value: 'csv',
    });
  });

  it('shows on the canvas what the form shows', () => {
    expect(new WorkSpan().description.subtitle).toContain('"report:getData":"Report: Get Rows"');
    expect(new WorkSpanTrigger().description.subtitle).toContain('"objectEvent":"On Object Event"');
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
