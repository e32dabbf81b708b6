import { WorkSpanValidationError } from '@workspan-kit/core/node';
import type { OperationSpec } from './node-specs.js';

/** Names the node property (its label and its `msg` field) a validation issue is about. */
export function propertyName(operation: OperationSpec | undefined, field: string): string {
  const top = field.split(/[.[]/)[0] ?? field;
  const property = operation?.properties.find((candidate) => candidate.name === top);
  return property ? `${property.label} (${field})` : field;
}

/** The sentence a Catch node and the debug sidebar show; core has already removed secrets. */
export function describeError(error: unknown, operation: OperationSpec | undefined): string {
  if (error instanceof WorkSpanValidationError) {
    const issues = error.issues.map(
      (issue) => `${propertyName(operation, issue.field)}: expected ${issue.expected}`,
    );
    return `${operation ? `${operation.id}: ` : ''}${issues.join('; ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
