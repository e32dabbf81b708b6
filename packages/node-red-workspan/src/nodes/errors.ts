import { fieldNamers, hostIssues, WorkSpanValidationError } from '@workspan-kit/core/spec';
import type { OperationSpec } from './node-specs.js';

/**
 * The sentence a Catch node and the debug sidebar show; core has already removed secrets. A
 * validation issue names the property by its label and its `msg` field: `Integration (msg.integrationId)`.
 */
export function describeError(error: unknown, operation: OperationSpec | undefined): string {
  if (error instanceof WorkSpanValidationError) {
    const namer = (fieldName: string) => {
      const property = operation?.properties.find((candidate) => candidate.name === fieldName);
      const name = `msg.${fieldNamers.nodeRed(fieldName)}`;
      return property ? `${property.label} (${name})` : name;
    };
    const issues = hostIssues(error, namer, operation?.operation).map(
      (issue) => `${issue.hostName}: expected ${issue.expected}`,
    );
    return `${operation ? `${operation.id}: ` : ''}${issues.join('; ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
