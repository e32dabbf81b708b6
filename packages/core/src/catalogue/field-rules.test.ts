import { describe, expect, it } from 'vitest';
import { validateInput } from '../request/validate-input.js';
import { lengthLimits } from './common-fields.js';
import { catalogue } from './index.js';

const integrationId = 'WS-Integration_crm_opportunity';

describe('column delimiter', () => {
  it.each(['tab', '\\t', '\t'])('takes %j as a tab', (given) => {
    const input = validateInput(catalogue.BulkloadData, { integrationId, data: 'a', columnDelimiter: given });
    expect(input.columnDelimiter).toBe('\t');
  });

  it('refuses more than one character, naming the field', () => {
    expect(() =>
      validateInput(catalogue.BulkloadData, { integrationId, data: 'a', columnDelimiter: ';;' }),
    ).toThrow(/columnDelimiter — expected a single delimiter character/);
  });
});

describe('one length policy, checked before sending', () => {
  const long = 'x'.repeat(lengthLimits.identifier + 1);
  it.each([
    ['GetBulkloadStatus', { integrationId, executionId: long }, 'executionId'],
    ['GetExternalId', { objectId: long }, 'objectId'],
    ['UpdateExternalId', { objectId: 'WS-Project_a', externalId: long }, 'externalId'],
    [
      'ObjectAudit',
      { objectId: 'WS-Project_a', statusCode: 'LINKED', message: 'm', externalId: long },
      'externalId',
    ],
    [
      'ObjectAudit',
      { objectId: 'WS-Project_a', statusCode: 'LINKED', message: 'm'.repeat(lengthLimits.text + 1) },
      'message',
    ],
  ] as const)('%s refuses an over-long %s', (id, input, field) => {
    expect(() => validateInput(catalogue[id], input)).toThrow(new RegExp(`${field} — expected .*at most`));
  });
});
