import { readFileSync } from 'node:fs';
import * as actions from '@actions/core';
import {
  type AnyOperation,
  bulkloadFailure,
  catalogue,
  connectionProblems,
  describeConnectionProblems,
  dispatchEnvelopeSchema,
  environmentFromFields,
  fieldNamers,
  isWorkSpanError,
  iterateReportData,
  iterateReportList,
  summarizeBulkload,
  validateInput,
  type WorkSpanClient,
  WorkSpanValidationError,
  waitForBulkload,
} from '@workspan-kit/core';
import { eventOutputs, outputName, scalarOutputFields } from './action-outputs.js';
import type { ActionOperation } from './action-spec.js';
import { chooseOperation, readGivenInputs } from './given-inputs.js';
import { InputError } from './input-error.js';
import { buildOperationInput, renameValidationError } from './operation-input.js';
import { writeRowsFile } from './rows-file.js';
import { bulkStatusSummary, rowsSummary } from './summary.js';
import { workspacePath } from './workspace-path.js';

/** GitHub keeps at most 1 MB of outputs per job; the whole answer stays well under it. */
const resultCharacterLimit = 900_000;

/** Runs one step: every input checked before anything is sent; any failure fails the step. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let client: WorkSpanClient | undefined;
  try {
    const given = readGivenInputs(env);
    const operation = chooseOperation(given);
    for (const input of operation.inputs) {
      const secret = given.get(input.name);
      if (input.secret && secret) actions.setSecret(secret);
    }
    if (!operation.catalogue) {
      readDispatchedEvent(env);
      return;
    }
    const catalogueOperation = operation.catalogue;
    const { input, callbackUrl } = await buildOperationInput(operation, catalogueOperation, given, env);
    if (callbackUrl) actions.setSecret(callbackUrl);
    const behaviour = readBehaviour(operation, given, env);
    try {
      validateInput(catalogueOperation, input);
      // Loaded only when a call is made: the HTTP client is most of the bundle's start-up time.
      const { createWorkSpanClient } = await import('@workspan-kit/core/node');
      client = createWorkSpanClient({
        connection: {
          environment: environmentFromFields({
            environment: given.get('environment')?.trim() || 'production',
            baseUrl: given.get('base-url')?.trim() ?? '',
          }),
          clientId: given.get('client-id') ?? '',
          clientSecret: given.get('client-secret') ?? '',
          hostname: given.get('hostname') ?? '',
        },
        userAgent: 'workspan-kit-github-action',
      });
    } catch (error) {
      if (error instanceof WorkSpanValidationError) throw renameValidationError(error, operation);
      throw error;
    }
    if (callbackUrl) client.addSecret(callbackUrl);
    if (catalogueOperation.behaviours.paging) await runReport(client, catalogueOperation, input, behaviour);
    else if (catalogueOperation.behaviours.bulkload)
      await runBulkLoad(client, catalogueOperation, input, behaviour);
    else await runOne(client, catalogueOperation, input);
  } catch (error) {
    actions.setFailed(failureMessage(error, client));
  }
}

interface Behaviour {
  waitForCompletion: boolean;
  failOnRowErrors: boolean;
  pollIntervalMs: number;
  waitTimeoutMs: number;
  limit: number | undefined;
  rowsFile: string | undefined;
}

/** The action's own options (core's bulk-load follow-up, paging), read and checked like the fields. */
function readBehaviour(
  operation: ActionOperation,
  given: Map<string, string>,
  env: NodeJS.ProcessEnv,
): Behaviour {
  const values = new Map<string, boolean | number>();
  for (const input of operation.inputs) {
    if (input.binding.type !== 'followUp') continue;
    const { followUp } = input.binding;
    const text = given.get(input.name)?.trim();
    if (text === undefined) {
      values.set(followUp.name, followUp.default);
      continue;
    }
    if (followUp.kind === 'boolean') {
      const word = text.toLowerCase();
      if (!['true', 'false'].includes(word))
        throw new InputError(input.name, `true or false; got "${text}"`, operation.id);
      values.set(followUp.name, word === 'true');
    } else {
      const number = Number(text);
      const minimum = followUp.minimum ?? 0;
      if (!Number.isInteger(number) || number < minimum)
        throw new InputError(
          input.name,
          `a whole number of at least ${minimum}; got "${text}"`,
          operation.id,
        );
      values.set(followUp.name, number);
    }
  }
  const waitForCompletion = values.get('waitForCompletion') === true;
  const failOnRowErrors = values.get('failOnRowErrors') === true;
  if (given.has('fail-on-row-errors') && !waitForCompletion)
    throw new InputError(
      'fail-on-row-errors',
      'it only with wait-for-completion: true (row errors are known once the load is processed)',
      operation.id,
    );
  const limitText = given.get('limit')?.trim();
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new InputError('limit', `a whole number of 1 or more; got "${limitText}"`, operation.id);
  const rowsFileText = given.get('rows-file');
  return {
    waitForCompletion,
    failOnRowErrors,
    pollIntervalMs: Number(values.get('pollInterval') ?? 2000),
    waitTimeoutMs: Number(values.get('waitTimeout') ?? 1_800_000),
    limit,
    rowsFile:
      rowsFileText === undefined
        ? undefined
        : workspacePath('rows-file', rowsFileText, env, { mustExist: false, operationId: operation.id }),
  };
}

async function runOne(
  client: WorkSpanClient,
  operation: AnyOperation,
  input: Record<string, unknown>,
): Promise<void> {
  const answer = (await client.call(operation.id as never, input as never)) as Record<string, unknown>;
  setResult(answer);
  setFieldOutputs(operation, answer);
  if (operation.id === 'GetExternalId' && Array.isArray(answer.external_ids)) {
    const first = answer.external_ids[0] as Record<string, unknown> | undefined;
    if (first?.external_id !== undefined) actions.setOutput('external-id', first.external_id);
    if (first?.field_name !== undefined) actions.setOutput('field-name', first.field_name);
  }
  actions.info(`${operation.id} done.`);
}

async function runBulkLoad(
  client: WorkSpanClient,
  operation: AnyOperation,
  input: Record<string, unknown>,
  behaviour: Behaviour,
): Promise<void> {
  const answer = (await client.call(operation.id as never, input as never)) as Record<string, unknown>;
  setFieldOutputs(operation, answer);
  const executionId = String(answer.execution_id);
  actions.info(`Bulk load started: execution ${executionId}.`);
  if (!behaviour.waitForCompletion) {
    setResult(answer);
    return;
  }
  const status = await waitForBulkload(
    client,
    { integrationId: String(input.integrationId), executionId },
    {
      intervalMs: behaviour.pollIntervalMs,
      timeoutMs: behaviour.waitTimeoutMs,
      onProgress: (progress) =>
        actions.info(`Bulk load ${executionId}: ${summarizeBulkload(progress).text}.`),
    },
  );
  const statusRecord = status as Record<string, unknown>;
  setResult({ bulkload: answer, status: statusRecord });
  setFieldOutputs(catalogue.GetBulkloadStatus as AnyOperation, statusRecord);
  await actions.summary.addRaw(bulkStatusSummary(executionId, summarizeBulkload(status))).write();
  const failure = bulkloadFailure(status, { failOnRowErrors: behaviour.failOnRowErrors });
  if (failure) throw failure;
}

async function runReport(
  client: WorkSpanClient,
  operation: AnyOperation,
  input: Record<string, unknown>,
  behaviour: Behaviour,
): Promise<void> {
  const values = validateInput(operation, input) as Readonly<Record<string, unknown>>;
  let rows: Record<string, unknown>[] = [];
  if (input.pageNumber !== undefined) {
    const page = (await client.call(operation.id as never, input as never)) as {
      results: Record<string, unknown>[];
    };
    rows = page.results.slice(0, behaviour.limit ?? page.results.length);
  } else {
    const paging = {
      pageSize: values.pageSize as number,
      ...(behaviour.limit ? { limit: behaviour.limit } : {}),
    };
    const items =
      operation.id === 'GetReportData'
        ? iterateReportData(client, values.reportId as number, {
            ...paging,
            ...(values.filters ? { filters: values.filters as never } : {}),
          })
        : iterateReportList(client, paging);
    for await (const item of items) rows.push(item as Record<string, unknown>);
  }
  setResult(rows);
  actions.setOutput('row-count', rows.length);
  if (behaviour.rowsFile) {
    await writeRowsFile(behaviour.rowsFile, rows);
    actions.setOutput('rows-file', behaviour.rowsFile);
  }
  const title =
    operation.id === 'GetReportData' ? `WorkSpan report ${String(values.reportId)}` : 'WorkSpan reports';
  await actions.summary.addRaw(rowsSummary(title, rows)).write();
  actions.info(`${operation.id}: ${rows.length} rows.`);
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

function setFieldOutputs(operation: AnyOperation, answer: Record<string, unknown>): void {
  for (const { name } of scalarOutputFields(operation)) {
    if (answer[name] !== undefined && answer[name] !== null)
      actions.setOutput(outputName(name), answer[name]);
  }
}

/** The triggered workflow's side: the relay's envelope checked, the event's fields put out. */
function readDispatchedEvent(env: NodeJS.ProcessEnv): void {
  const path = env.GITHUB_EVENT_PATH;
  if (!path)
    throw new Error(
      'ReadDispatchedEvent needs the event file the runner provides (GITHUB_EVENT_PATH is not set).',
    );
  const event = JSON.parse(readFileSync(path, 'utf8')) as { action?: unknown; client_payload?: unknown };
  if (env.GITHUB_EVENT_NAME && env.GITHUB_EVENT_NAME !== 'repository_dispatch')
    throw new Error(
      `ReadDispatchedEvent runs in a workflow triggered by repository_dispatch, not ${env.GITHUB_EVENT_NAME}.`,
    );
  const checked = dispatchEnvelopeSchema.safeParse(event.client_payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = ['client_payload', ...(issue?.path ?? []).map(String)].join('.');
    throw new Error(
      `github.event.client_payload is not a WorkSpan relay event: ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const envelope = checked.data;
  if (typeof event.action === 'string' && !event.action.startsWith('workspan.'))
    throw new Error(`The event type "${event.action}" is not a workspan.* event.`);
  actions.setOutput('event', envelope.event);
  actions.setOutput('delivery-id', envelope.delivery_id);
  actions.setOutput('route', envelope.route);
  actions.setOutput('received-at', envelope.received_at);
  actions.setOutput('payload', JSON.stringify(envelope.payload));
  actions.setOutput('trimmed', JSON.stringify(envelope.trimmed));
  const reserved = new Set(['result', ...eventOutputs.map((output) => output.name)]);
  for (const [name, value] of Object.entries(envelope.payload)) {
    if (reserved.has(name)) {
      actions.warning(
        `Payload field "${name}" is in the payload output only: its name is taken by an envelope output.`,
      );
      continue;
    }
    actions.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  if (envelope.trimmed.length > 0)
    actions.warning(
      `The relay left out ${envelope.trimmed.join(', ')} to fit GitHub's payload limit; read them from WorkSpan.`,
    );
  actions.info(`WorkSpan event ${envelope.event} (delivery ${envelope.delivery_id}).`);
}

function failureMessage(error: unknown, client: WorkSpanClient | undefined): string {
  const redact = (text: string) => (client ? client.redact(text) : text);
  if (error instanceof InputError) return error.message;
  if (isWorkSpanError(error)) {
    const details = error as { hint?: unknown; howToCheck?: unknown };
    const extra = [details.hint, details.howToCheck].filter(
      (part): part is string => typeof part === 'string',
    );
    // A connection that cannot work names the inputs to correct first.
    const problems =
      client &&
      connectionProblems(error, {
        environment: client.connection.baseUrl,
        hostname: client.connection.hostname,
      });
    const inputs = problems ? `${describeConnectionProblems(problems, fieldNamers.githubAction)} ` : '';
    return redact(
      `${inputs}${[error.message, ...extra.filter((part) => !error.message.includes(part))].join(' ')}`,
    );
  }
  return redact(error instanceof Error ? error.message : String(error));
}
