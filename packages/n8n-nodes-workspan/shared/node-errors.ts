import {
  type AnyOperation,
  describeFailure,
  fieldNamers,
  WorkSpanApiError,
  WorkSpanError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A failure as n8n shows it, in core's words with the parameters named as the form shows them:
 * bad input is "Invalid parameter"; WorkSpan's answers keep their status; the description is
 * core's advice (how to check an unknown outcome, the row errors of a failed load).
 */
export function toNodeError(
  node: INode,
  operation: AnyOperation | undefined,
  error: unknown,
  itemIndex: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  const words = describeFailure(error, { namer: fieldNamers.n8n, operation });
  if (WorkSpanValidationError.isInstance(error)) {
    const [first, ...rest] = words.issues ?? [];
    const message = first
      ? `Invalid parameter "${first.hostFieldName}": expected ${first.expected}`
      : words.message;
    return new NodeOperationError(node, message, {
      itemIndex,
      description:
        rest.length > 0
          ? `Also:\n${rest.map((issue) => `${issue.hostFieldName}: expected ${issue.expected}`).join('\n')}`
          : (words.hint ?? 'Fix the parameter and run again.'),
    });
  }
  if (WorkSpanError.isInstance(error)) {
    const description = [words.howToCheck ?? words.hint, ...(words.details ?? [])].filter(Boolean).join('\n');
    return new NodeApiError(node, { message: words.message, code: error.code } as JsonObject, {
      itemIndex,
      message: words.message,
      ...(description ? { description } : {}),
      ...(WorkSpanApiError.isInstance(error) ? { httpCode: String(error.status) } : {}),
    });
  }
  return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
