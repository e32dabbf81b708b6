import { catalogue, validateInput, WorkSpanApiError, WorkSpanOutcomeUnknownError } from '@workspan-kit/core';
import { type INode, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { toNodeError } from './node-errors.ts';

const node: INode = {
  id: 'node',
  name: 'WorkSpan',
  type: '@workspan-kit/n8n-nodes-workspan.workSpan',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
}

describe('errors as n8n shows them', () => {
  it('bad input names the parameter as the form shows it, with the item', () => {
    const error = toNodeError(
      node,
      catalogue.GetReportData,
      thrown(() => validateInput(catalogue.GetReportData, { reportId: 'x' })),
      3,
    );
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toMatch(/^Invalid parameter "Report": expected /);
    expect(error.context.itemIndex).toBe(3);
  });

  it("WorkSpan's answer keeps its status; the description is core's hint", () => {
    const answer = new WorkSpanApiError({
      status: 404,
      operationId: 'GetExternalId',
      method: 'GET',
      path: '/app/v1/object/x/external_id',
      bodyExcerpt: 'no such object',
      retryable: false,
    });
    const error = toNodeError(node, catalogue.GetExternalId, answer, 1);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('404');
    expect(error.description).toBe(answer.hint);
    expect(error.context.itemIndex).toBe(1);
  });

  it('an unknown outcome says how to check before running again', () => {
    const unknown = new WorkSpanOutcomeUnknownError({
      operationId: 'BulkloadData',
      method: 'POST',
      path: '/bulk/v1/bulkload',
      reason: 'the connection dropped',
      howToCheck: 'Read the load status first.',
    });
    expect(toNodeError(node, catalogue.BulkloadData, unknown, 0).description).toBe(
      'Read the load status first.',
    );
  });
});
