import {
  type AnyOperation,
  describeFailure,
  failureText,
  fieldNamers,
  type ValidationIssue,
  type WorkSpanClient,
} from '@workspan-kit/core';
import type { ToolResult } from './tool-entry.js';

/** A structured answer, with its JSON as text for clients that read only text. */
export function structuredResult(structured: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * A failure as the tool's own result (`isError`), in core's words with each field named as the
 * tool's arguments name it, and every secret the client knows taken out.
 */
export function failureResult(
  error: unknown,
  options: { operation?: AnyOperation; client?: WorkSpanClient } = {},
): ToolResult {
  const { client, operation } = options;
  const description = describeFailure(error, {
    namer: fieldNamers.mcp,
    operation,
    ...(client
      ? {
          connection: { environment: client.connection.baseUrl, hostname: client.connection.hostname },
          redact: (text: string) => client.redact(text),
        }
      : {}),
  });
  const lines = [failureText(description), ...(description.details ?? [])];
  return { content: [{ type: 'text', text: lines.join('\n') }], isError: true };
}

/** Arguments the tool does not take are refused by name, never ignored. */
export function unknownArgumentIssues(
  given: Record<string, unknown>,
  known: readonly string[],
): ValidationIssue[] {
  return Object.keys(given)
    .filter((name) => !known.includes(name))
    .map((field) => ({ field, expected: `an argument this tool takes: ${known.join(', ')}` }));
}
