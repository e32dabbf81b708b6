import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { answerList, answerListPath } from './answer-list.js';

describe('answerListPath', () => {
  it('names the list an answer is about: paged results, or the array of a list source', () => {
    expect(answerListPath(catalogue.GetReportList)).toBe('results');
    expect(answerListPath(catalogue.GetIntegrationList)).toBe('integrations');
    expect(answerListPath(catalogue.GetEventList)).toBe('events');
    expect(answerListPath(catalogue.GetEventSchema)).toBeUndefined();
    expect(answerListPath(catalogue.ReadSubscriber)).toBeUndefined();
  });

  it('gives the entries of such an answer, nothing for an answer that is one thing', () => {
    expect(answerList(catalogue.GetIntegrationList, { integrations: [{ integration_id: 'WS-1' }] })).toEqual([
      { integration_id: 'WS-1' },
    ]);
    expect(answerList(catalogue.GetIntegrationList, {})).toBeUndefined();
    expect(answerList(catalogue.GetEventSchema, { schema: {} })).toBeUndefined();
  });
});
