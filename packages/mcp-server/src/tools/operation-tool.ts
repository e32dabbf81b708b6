import {
  type AnyOperation,
  catalogue,
  planRun,
  type RunOutcome,
  type RunPlan,
  runOperation,
  runOptionFields,
  type ValidationIssue,
  WorkSpanBulkloadWaitTimeoutError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { fitAnswer } from './answer-size.js';
import { operationAnnotations } from './tool-annotations.js';
import type { ToolContext, ToolEntry, ToolResult } from './tool-entry.js';
import { operationToolName } from './tool-names.js';
import { failureResult, structuredResult, unknownArgumentIssues } from './tool-results.js';
import { operationInputSchema, operationOutputSchema } from './tool-schemas.js';

/** What an agent needs to know beyond the operation's own description, from its behaviours. */
function behaviourHelp(operation: AnyOperation): string {
  const { paging, bulkload } = operation.behaviours;
  if (paging)
    return ` Returns up to limit rows (read page by page); returnAll reads every row; ${paging.pageNumberField} reads that one page.`;
  if (bulkload) {
    const status = operationToolName(catalogue[bulkload.statusOperation]);
    // What waitForCompletion returns is said once, by its own description.
    return ` Returns the load's ${bulkload.executionIdPath} for ${status}, or with waitForCompletion its final status, reporting progress while it waits.`;
  }
  return '';
}

/** One catalogue operation as an MCP tool. */
export function operationTool(operation: AnyOperation): ToolEntry {
  const inputSchema = operationInputSchema(operation);
  const known = Object.keys(inputSchema.properties as object);
  const optionNames = runOptionFields(operation).map((option) => option.name as string);
  return {
    resource: operation.resource,
    definition: {
      name: operationToolName(operation),
      title: operation.actionSentence,
      description: `${operation.description}${behaviourHelp(operation)}`,
      inputSchema,
      outputSchema: operationOutputSchema(operation),
      annotations: operationAnnotations(operation, operation.actionSentence),
    },
    async call(given, context) {
      let plan: RunPlan;
      try {
        const unknown = unknownArgumentIssues(given, known);
        const fieldNames = Object.keys(operation.fields);
        // Unknown arguments are named once, above; core checks the rest.
        const fields = Object.fromEntries(
          Object.entries(given).filter(([name]) => fieldNames.includes(name)),
        );
        const options = Object.fromEntries(
          Object.entries(given).filter(([name]) => optionNames.includes(name)),
        );
        // Every argument is checked before anything is sent.
        plan = withUnknownArguments(unknown, () => planRun(operation, fields, options), operation);
      } catch (error) {
        return failureResult(error, { operation });
      }
      try {
        return await run(plan, context);
      } catch (error) {
        return failureResult(waitTimeoutWithStatus(error), { operation, client: context.client });
      }
    },
  };
}

async function run(plan: RunPlan, context: ToolContext): Promise<ToolResult> {
  let statusChecks = 0;
  const outcome = await runOperation(context.client, plan, {
    signal: context.signal,
    onProgress: (event) => {
      if (event.kind === 'bulkload-started')
        void context.progress(0, `load ${event.load.executionId} started`);
      else if (event.kind === 'bulkload-status') void context.progress(++statusChecks, event.summary.text);
      else if (event.kind === 'page')
        void context.progress(event.itemsSoFar, `${event.itemsSoFar} rows read`);
    },
  });
  return structuredResult(structuredOutcome(outcome, plan, context.maxAnswerBytes));
}

function structuredOutcome(outcome: RunOutcome, plan: RunPlan, maxBytes: number): Record<string, unknown> {
  switch (outcome.kind) {
    case 'answer':
      return withNote(
        fitAnswer(asObject(outcome.answer), maxBytes, 'Ask for less (fewer errors, a narrower filter).'),
      );
    case 'items': {
      const paging = plan.operation.behaviours.paging;
      const lastPage = asObject(outcome.lastPage);
      const answer = { ...lastPage, [paging?.resultsPath ?? 'results']: outcome.items };
      const pageSize = (plan.input as Record<string, unknown>)[paging?.pageSizeField ?? ''];
      const fitted = fitAnswer(
        answer,
        maxBytes,
        `Read one page at a time with ${paging?.pageNumberField} and a smaller ${paging?.pageSizeField}.`,
      );
      const more =
        plan.mode === 'pages' && !plan.options.returnAll && lastPage[paging?.endOfListPath ?? ''] === false
          ? `More rows exist: raise limit (now ${plan.options.limit}), set returnAll, or read page by page with ${paging?.pageNumberField} (pages of ${String(pageSize)} rows).`
          : undefined;
      const note = [fitted.note, more].filter(Boolean).join(' ');
      return note ? { ...fitted.answer, note } : fitted.answer;
    }
    case 'bulkload':
      return { ...asObject(outcome.answer), ...(outcome.status ? { status: outcome.status } : {}) };
  }
}

const withNote = ({ answer, note }: { answer: Record<string, unknown>; note?: string }) =>
  note ? { ...answer, note } : answer;

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** A wait that ran out says which load to check: its ids are in core's error already. */
function waitTimeoutWithStatus(error: unknown): unknown {
  if (!WorkSpanBulkloadWaitTimeoutError.isInstance(error)) return error;
  return new Error(
    `${error.message} Check it later with integrationId ${error.integrationId} and executionId ${error.executionId}.`,
  );
}

/** Core's check of the known arguments, reported together with the unknown ones. */
function withUnknownArguments<T>(unknown: ValidationIssue[], check: () => T, operation: AnyOperation): T {
  let checked: T | undefined;
  const issues = [...unknown];
  try {
    checked = check();
  } catch (error) {
    if (!WorkSpanValidationError.isInstance(error)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || checked === undefined) throw new WorkSpanValidationError(issues, operation.id);
  return checked;
}
