import * as actions from '@actions/core';
import {
  type AnyOperation,
  type BulkloadStatus,
  type BulkloadSummary,
  catalogue,
  connectionFields,
  connectionFromFields,
  describeFailure,
  type FieldDefinition,
  failureText,
  fieldNamers,
  planRun,
  type RunOutcome,
  type RunPlan,
  type RunProgress,
  runOperation,
  summarizeBulkload,
  WorkSpanBulkloadFailedError,
  WorkSpanBulkloadWaitTimeoutError,
  type WorkSpanClient,
} from '@workspan-kit/core';
import { scalarOutputFields, valueAt } from './action-outputs.js';
import { type ActionOperation, inputNameOf } from './action-spec.js';
import { chooseOperation, readGivenInputs } from './given-inputs.js';
import { inputProblem } from './input-error.js';
import { logLine } from './log-line.js';
import { inputNamer, readFieldValues, readRunOptionValues } from './operation-input.js';
import { readDispatchedEvent } from './read-dispatched-event.js';
import { writeRowsFile } from './rows-file.js';
import { bulkStatusSummary, rowsSummary } from './summary.js';
import { workspacePath } from './workspace-path.js';

/** GitHub keeps at most 1 MB of outputs per job; the whole answer stays well under it. */
const resultCharacterLimit = 900_000;

/**
 * Runs one step on core's run pipeline: the inputs read into field values and run options, all
 * checked by `planRun` before anything is sent, the plan run by `runOperation`, and its outcome
 * put out as outputs, the job summary and log lines. Any failure fails the step.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let client: WorkSpanClient | undefined;
  let operation: ActionOperation | undefined;
  const run: RunState = {};
  try {
    const given = readGivenInputs(env);
    operation = chooseOperation(given);
    for (const input of operation.inputs) {
      const secret = given.get(input.name);
      if (input.secret && secret) actions.setSecret(secret);
    }
    if (!operation.catalogue) {
      readDispatchedEvent(env);
      return;
    }
    const catalogueOperation = operation.catalogue;
    const { fieldValues, callbackUrl } = await readFieldValues(operation, catalogueOperation, given, env);
    if (callbackUrl) actions.setSecret(callbackUrl);
    const plan = planRun(
      catalogueOperation,
      fieldValues,
      readRunOptionValues(operation, catalogueOperation, given),
    );
    const rowsFileText = given.get('rows-file');
    const rowsFile =
      rowsFileText === undefined
        ? undefined
        : workspacePath('rows-file', rowsFileText, env, { mustExist: false, operationId: operation.id });
    // Loaded only when a call is made: the HTTP client is most of the bundle's start-up time.
    const { createWorkSpanClient } = await import('@workspan-kit/core/node');
    client = createWorkSpanClient({
      connection: connectionFromFields(
        Object.fromEntries(
          connectionFields.map((field) => [field.name, given.get(fieldNamers.githubAction(field.name))]),
        ),
      ),
      userAgent: 'workspan-kit-github-action',
    });
    if (callbackUrl) client.addSecret(callbackUrl);
    const outcome = await runOperation(client, plan, {
      onProgress: (progress) => reportProgress(plan, progress, run),
    });
    await putOut(plan, outcome, rowsFile, env);
  } catch (error) {
    actions.setFailed(failureMessage(error, operation, client));
    await putOutUnfinishedLoad(operation?.catalogue, error, run).catch((failure: unknown) =>
      actions.warning(
        `The load's status could not be put out: ${failureMessage(failure, operation, client)}`,
      ),
    );
  }
}

/** What a run showed before it ended: the answer that started a bulk load. */
interface RunState {
  startedLoad?: { answer: unknown; executionId: string };
}

/** Progress as log lines; a started load's answer is put out at once, whatever follows. */
function reportProgress(plan: RunPlan, progress: RunProgress, run: RunState): void {
  switch (progress.kind) {
    case 'page':
      logLine(
        `${plan.operation.id}: page ${progress.pageNumber}, ${progress.items.length} items (${progress.itemsSoFar} so far).`,
      );
      return;
    case 'bulkload-started':
      run.startedLoad = { answer: progress.answer, executionId: progress.load.executionId };
      setFieldOutputs(plan.operation, progress.answer);
      logLine(`Bulk load started: execution ${progress.load.executionId}.`);
      return;
    case 'bulkload-status':
      logLine(`Bulk load ${progress.load.executionId}: ${progress.summary.text}.`);
      return;
  }
}

async function putOut(
  plan: RunPlan,
  outcome: RunOutcome,
  rowsFile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { operation } = plan;
  switch (outcome.kind) {
    case 'answer':
      setResult(outcome.answer);
      setFieldOutputs(operation, outcome.answer);
      logLine(`${operation.id} done.`);
      return;
    case 'items': {
      const rows = outcome.items as Record<string, unknown>[];
      setResult(rows);
      // The last page's own values (its end-of-list flag, its version); its items are the rows.
      setFieldOutputs(operation, outcome.lastPage);
      actions.setOutput('row-count', outcome.itemCount);
      if (rowsFile) {
        await writeRowsFile(rowsFile, rows, env);
        actions.setOutput('rows-file', rowsFile);
      }
      await writeSummary(rowsSummary(itemsTitle(plan), rows));
      logLine(`${operation.id}: ${outcome.itemCount} rows.`);
      return;
    }
    case 'bulkload':
      if (!outcome.status) setResult(outcome.answer);
      else await putOutLoadStatus(operation, outcome.answer, outcome.load.executionId, outcome.status);
      return;
  }
}

/** `WorkSpan: Get the rows of a report, report-id 12`: the operation, and the ids in its path. */
function itemsTitle(plan: RunPlan): string {
  const values = plan.input as Readonly<Record<string, unknown>>;
  const ids = Object.entries(plan.operation.fields as Record<string, FieldDefinition>)
    .filter(([field, definition]) => definition.in === 'path' && values[field] !== undefined)
    .map(([field, definition]) => `${inputNameOf(field, definition)} ${String(values[field])}`);
  return [`WorkSpan: ${plan.operation.actionSentence}`, ...ids].join(', ');
}

/** A load's status as outputs (from the status operation's answer) and the job summary. */
async function putOutLoadStatus(
  operation: AnyOperation,
  answer: unknown,
  executionId: string,
  status: BulkloadStatus,
  summary: BulkloadSummary = summarizeBulkload(status),
): Promise<void> {
  setResult({ bulkload: answer, status });
  const statusOperation = operation.behaviours.bulkload?.statusOperation;
  if (statusOperation) setFieldOutputs(catalogue[statusOperation] as AnyOperation, status);
  await writeSummary(bulkStatusSummary(executionId, summary));
}

/** A load that failed or outlasted the wait still puts out the status it had. */
async function putOutUnfinishedLoad(
  operation: AnyOperation | undefined,
  error: unknown,
  run: RunState,
): Promise<void> {
  if (!operation || !run.startedLoad) return;
  const { answer, executionId } = run.startedLoad;
  if (WorkSpanBulkloadFailedError.isInstance(error))
    await putOutLoadStatus(operation, answer, executionId, error.status, error.summary);
  else if (WorkSpanBulkloadWaitTimeoutError.isInstance(error) && error.lastStatus)
    await putOutLoadStatus(operation, answer, executionId, error.lastStatus);
  else setResult(answer);
}

/**
 * Adds to the job summary. A runner without one (GITHUB_STEP_SUMMARY unset, as in local runs) gets
 * a warning: the work is done by then, and its outputs are set.
 */
async function writeSummary(html: string): Promise<void> {
  try {
    await actions.summary.addRaw(html).write();
  } catch (error) {
    actions.summary.emptyBuffer();
    actions.warning(`No job summary was written: ${(error as Error).message}`);
  }
}

function setResult(value: unknown): void {
  let text = JSON.stringify(value);
  if (text.length > resultCharacterLimit && Array.isArray(value)) {
    let kept = value.length;
    while (kept > 0 && text.length > resultCharacterLimit) {
      kept = Math.floor(kept / 2);
      text = JSON.stringify(value.slice(0, kept));
    }
    actions.warning(
      `The result output holds the first ${kept} of ${value.length} rows (GitHub's output size limit); use rows-file for all of them.`,
    );
  }
  actions.setOutput('result', text);
}

function setFieldOutputs(operation: AnyOperation, answer: unknown): void {
  for (const { name, path } of scalarOutputFields(operation)) {
    const value = valueAt(answer, path);
    if (value !== undefined && value !== null) actions.setOutput(name, value);
  }
}

/**
 * The step's failure in one text, by core's `describeFailure` in this action's input names: bad
 * inputs as `Input "…" of <operation>: expected …`, an unknown id named by its input, a connection
 * that cannot work by the inputs to correct; secrets removed.
 */
function failureMessage(
  error: unknown,
  operation: ActionOperation | undefined,
  client: WorkSpanClient | undefined,
): string {
  const redact = (text: string) => (client ? client.redact(text) : text);
  const description = describeFailure(error, {
    namer: inputNamer(operation),
    operation: operation?.catalogue,
    connection: client && { environment: client.connection.baseUrl, hostname: client.connection.hostname },
    redact,
  });
  const message = description.issues
    ? description.issues
        .map((issue) => {
          const [name, at] = /^(\S+)(?: \((.*)\))?$/.exec(issue.hostFieldName)?.slice(1) ?? [
            issue.hostFieldName,
          ];
          return inputProblem(name as string, `${issue.expected}${at ? ` (at ${at})` : ''}`, operation?.id);
        })
        .join('\n')
    : description.message;
  return redact(failureText({ ...description, message }));
}
