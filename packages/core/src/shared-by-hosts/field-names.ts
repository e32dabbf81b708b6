import { type AnyOperation, connectionFields, type FieldDefinition } from '../catalogue/index.js';
import type { ValidationIssue, WorkSpanValidationError } from '../errors.js';
import { bulkloadRunOptions, pagingRunOptions } from '../run/run-options.js';

/** `bulkLoad` → `bulk-load`, `getExternalId` → `get-external-id`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** A host's name for a field of an operation (or of the connection). */
export type FieldNamer = (fieldName: string, operation?: AnyOperation) => string;

const runOptions = [...pagingRunOptions, ...bulkloadRunOptions];
const isConnectionField = (fieldName: string) =>
  connectionFields.some((candidate) => candidate.name === fieldName);

/** The environment variables the MCP server (like the CLI) reads its connection from. */
const connectionVariables: Readonly<Record<string, string>> = {
  environment: 'WORKSPAN_ENVIRONMENT',
  baseUrl: 'WORKSPAN_ENVIRONMENT',
  clientId: 'WORKSPAN_CLIENT_ID',
  clientSecret: 'WORKSPAN_CLIENT_SECRET',
  hostname: 'WORKSPAN_HOSTNAME',
};

/** A field's label (an operation's, a run option's, else the connection's), as forms show it. */
export function fieldLabel(fieldName: string, operation?: AnyOperation): string {
  const field = (operation?.fields as Record<string, FieldDefinition> | undefined)?.[fieldName];
  return (
    field?.label ??
    runOptions.find((option) => option.name === fieldName)?.label ??
    connectionFields.find((candidate) => candidate.name === fieldName)?.label ??
    fieldName
  );
}

/** How each host names a field where a person reads it. */
export const fieldNamers = {
  /** A flag: `--integration-id`. */
  cli: (fieldName: string) => `--${kebabCase(fieldName)}`,
  /** An action input: `integration-id`. */
  githubAction: (fieldName: string) => kebabCase(fieldName),
  /** A node property as its dialog shows it, also read from `msg.<name>`: `Integration (msg.integrationId)`. */
  nodeRed: (fieldName: string, operation?: AnyOperation) =>
    isConnectionField(fieldName)
      ? fieldLabel(fieldName)
      : `${fieldLabel(fieldName, operation)} (msg.${fieldName})`,
  /** The parameter's display name, as the form shows it: `Integration`. */
  n8n: (fieldName: string, operation?: AnyOperation) => fieldLabel(fieldName, operation),
  /** A tool's argument as its input schema names it, or the `WORKSPAN_*` variable of a connection field. */
  mcp: (fieldName: string) => connectionVariables[fieldName] ?? fieldName,
} satisfies Record<string, FieldNamer>;

export interface HostIssue extends ValidationIssue {
  /** The catalogue field the issue is about (`filters` for `filters.fieldFilters[0].colId`). */
  fieldName: string;
  /** The host's name for it, with the path inside it: `--filters (fieldFilters[0].colId)`. */
  hostFieldName: string;
}

/** Core's validation issues in the host's own names. */
export function hostIssues(
  error: WorkSpanValidationError,
  namer: FieldNamer,
  operation?: AnyOperation,
): HostIssue[] {
  return error.issues.map((issue) => {
    const match = /^([^.[]+)(.*)$/.exec(issue.field);
    const head = match?.[1] ?? issue.field;
    const rest = match?.[2]?.replace(/^\./, '') ?? '';
    const name = head === 'input' ? 'input' : namer(head, operation);
    return { ...issue, fieldName: head, hostFieldName: rest ? `${name} (${rest})` : name };
  });
}

/** One line per issue: `--integration-id: expected an integration id …`. */
export function describeHostIssues(issues: readonly HostIssue[]): string {
  return issues.map((issue) => `${issue.hostFieldName}: expected ${issue.expected}`).join('\n');
}
