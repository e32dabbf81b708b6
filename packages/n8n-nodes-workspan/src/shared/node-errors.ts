import {
  type AnyOperation,
  WorkSpanApiError,
  WorkSpanError,
  WorkSpanOutcomeUnknownError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { parameterDisplayNames } from './operation-input';

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
    const names = operation ? parameterDisplayNames(operation) : {};
    const shown = (field: string) => {
      const root = field.split(/[.[]/)[0] ?? field;
      return names[root] ? `${names[root]}${field.slice(root.length)}` : field;
    };
    const [first, ...rest] = error.issues;
    const message = first
      ? `Invalid parameter "${shown(first.field)}": expected ${first.expected}`
      : error.message;
    return new NodeOperationError(node, message, {
      itemIndex,
      description: rest.length
        ? `Also: ${rest.map((issue) => `"${shown(issue.field)}": expected ${issue.expected}`).join('; ')}`
        : 'Fix the parameter and run again.',
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
