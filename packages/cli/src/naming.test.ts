import { catalogue, operationIds } from '@workspan-kit/core';
import { describe, expect, it } from 'vitest';
import { kebabCase } from './naming.js';
import { listOperationCommands } from './program.js';

describe('kebabCase', () => {
  it('splits camel case words', () => {
    expect(kebabCase('bulkLoad')).toBe('bulk-load');
    expect(kebabCase('getExternalId')).toBe('get-external-id');
    expect(kebabCase('loadOpportunitiesFile')).toBe('load-opportunities-file');
    expect(kebabCase('subscription')).toBe('subscription');
  });
});

describe('listOperationCommands', () => {
  const commands = listOperationCommands();

  it('gives every catalogue operation one distinct command', () => {
    expect(Object.keys(commands).sort()).toEqual([...operationIds].sort());
    expect(new Set(Object.values(commands)).size).toBe(operationIds.length);
  });

  it('names commands by resource and action, triggers by what they listen to', () => {
    expect(commands).toMatchObject({
      BulkloadData: 'bulk-load load-data',
      GetExternalId: 'object get-external-id',
      GetReportData: 'report get-data',
      GetIntegrationList: 'metadata list-integrations',
      DeleteSubscriber: 'subscription delete',
      SubscribeObjectEvent: 'listen object',
      Subscribe: 'listen collaboration',
      SubmitToPartnerCenterObjectEvent: 'listen partner-center',
    });
    for (const id of operationIds) {
      if (catalogue[id].kind === 'trigger') expect(commands[id]).toMatch(/^listen /);
    }
  });
});
