import {
  type AnyOperation,
  describeHostIssues,
  fieldNamers,
  hostIssues,
  WorkSpanApiError,
  WorkSpanError,
  WorkSpanOutcomeUnknownError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A failure as n8n shows it: bad input names the parameter as the form shows it; WorkSpan's
 * answers keep their status, and the description says what to do.
 */
export function toNodeError(
  node: INode,
  operation: AnyOperation | undefined,
  error: unknown,
  itemIndex: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (error instanceof WorkSpanValidationError) {
    const [first, ...rest] = hostIssues(error, fieldNamers.n8n, operation);
    const message = first
      ? `Invalid parameter "${first.hostName}": expected ${first.expected}`
      : error.message;
    return new NodeOperationError(node, message, {
      itemIndex,
      description:
        rest.length > 0 ? `Also:\n${describeHostIssues(rest)}` : 'Fix the parameter and run again.',
    });
  }
  if (error instanceof WorkSpanApiError) {
    return new NodeApiError(node, { message: error.message, code: error.code ?? '' } as JsonObject, {
      itemIndex,
      message: error.message,
      description: error.bodyExcerpt || undefined,
      httpCode: String(error.status),
    });
  }
  if (error instanceof WorkSpanOutcomeUnknownError) {
    return new NodeApiError(node, { message: error.message } as JsonObject, {
      itemIndex,
      message: error.message,
      description: error.howToCheck,
    });
  }
  if (error instanceof WorkSpanError) {
    return new NodeApiError(node, { message: error.message } as JsonObject, {
      itemIndex,
      message: error.message,
    });
  }
  return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
