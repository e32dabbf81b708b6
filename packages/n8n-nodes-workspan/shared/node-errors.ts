import {
  type AnyOperation,
  describeHostIssues,
  fieldNamers,
  hostIssues,
  WorkSpanApiError,
  WorkSpanError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A failure as n8n shows it: bad input names the parameter as the form shows it; WorkSpan's
 * answers keep their status; the description is core's hint, or how to check an unknown outcome.
 */
export function toNodeError(
  node: INode,
  operation: AnyOperation | undefined,
  error: unknown,
  itemIndex: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (WorkSpanValidationError.isInstance(error)) {
    const [first, ...rest] = hostIssues(error, fieldNamers.n8n, operation);
    const message = first
      ? `Invalid parameter "${first.hostName}": expected ${first.expected}`
      : error.message;
    return new NodeOperationError(node, message, {
      itemIndex,
      description:
        rest.length > 0
          ? `Also:\n${describeHostIssues(rest)}`
          : (error.hint ?? 'Fix the parameter and run again.'),
    });
  }
  if (WorkSpanError.isInstance(error)) {
    const description = error.howToCheck ?? error.hint;
    return new NodeApiError(node, { message: error.message, code: error.code } as JsonObject, {
      itemIndex,
      message: error.message,
      ...(description ? { description } : {}),
      ...(WorkSpanApiError.isInstance(error) ? { httpCode: String(error.status) } : {}),
    });
  }
  return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
