import {
  type AnyOperation,
  type BulkloadStatus,
  catalogue,
  type OperationId,
  planRun,
  type RunOptionField,
  type RunOutcome,
  type RunPlan,
  runOperation,
  runOptionFields,
  type StartedLoad,
  WorkSpanBulkloadFailedError,
  WorkSpanBulkloadWaitTimeoutError,
  type WorkSpanClient,
} from '@workspan-kit/core';
import { type Command, Option } from 'commander';
import { bulkloadProgress } from './bulk-progress.js';
import { renderBulkloadStatus } from './bulk-status-view.js';
import { InvalidFlagError, toFlagError } from './errors.js';
import { addFieldOptions, flagFields, readFieldValues } from './field-options.js';
import { commandPath, flagName, optionProperty } from './naming.js';
import { printHuman, printJson, renderRecords, startJsonList } from './output.js';
import { type GlobalOptions, type RunContext, withSession } from './session.js';
import { escapeForTerminal } from './terminal-text.js';

/** Which operation each generated command runs; `listOperationCommands` reads it back. */
export const commandOperations = new WeakMap<Command, OperationId>();

/** A subcommand generated from one catalogue operation: flags from its fields, help from its texts. */
export function addOperationCommand(
  parent: Command,
  name: string,
  operation: AnyOperation,
  context: RunContext,
  options: { hidden?: boolean } = {},
): Command {
  const fields = flagFields(operation);
  const command = parent
    .command(name, { hidden: options.hidden ?? false })
    .summary(operation.title)
    .description(`${operation.title}\n\n${operation.description}`);
  addFieldOptions(command, fields);
  addRunOptions(command, operation);
  if (!options.hidden) commandOperations.set(command, operation.id as OperationId);

  command.action(async (_flags: Record<string, unknown>, self: Command) => {
    const values = await readFieldValues(fields, self, context.io.stdin);
    // Checked before connecting, so a bad flag never sends a request (or starts a sandbox).
    const plan = planFromFlags(operation, values, runOptionValues(self, operation));
    await withSession(self, context, async (session, globals) => {
      await runAndPrint(session.client, plan, context, globals);
    });
  });
  return command;
}

/** Core's plan for the command's flags; a bad value is named by its flag. */
export function planFromFlags(
  operation: AnyOperation,
  values: Record<string, unknown>,
  optionValues: Record<string, unknown>,
  nameFlag?: (field: string) => string,
): RunPlan {
  try {
    return planRun(operation, values, optionValues);
  } catch (error) {
    throw toFlagError(error, nameFlag);
  }
}

export interface PrintOptions {
  /** Names a field in errors (a shortcut's argument), instead of its flag. */
  nameFlag?: (field: string) => string;
  /** What a table of no rows says. */
  empty?: string;
  /** The answer's list to print as a table (a list source's collection). */
  collection?: string;
}

/** Runs a plan and prints what it gave: a table or JSON, rows as they arrive, a load's status. */
export async function runAndPrint(
  client: WorkSpanClient,
  plan: RunPlan,
  context: RunContext,
  globals: GlobalOptions,
  options: PrintOptions = {},
): Promise<void> {
  const { stdout, stderr } = context.io;
  const json = Boolean(globals.json);
  // Rows read over several pages print as the API's page shape, each row as it arrives.
  const list = json && plan.mode === 'pages' ? startJsonList(stdout) : undefined;
  const progress =
    plan.mode === 'bulkload' && plan.options.waitForCompletion ? bulkloadProgress(stderr) : undefined;
  let outcome: RunOutcome;
  try {
    outcome = await runOperation(client, plan, {
      ...(context.io.signal ? { signal: context.io.signal } : {}),
      keepItems: list === undefined,
      onProgress: (event) => {
        if (event.kind === 'page') for (const item of event.items) list?.add(item);
        else if (event.kind === 'bulkload-status') progress?.update(event);
      },
    });
  } catch (error) {
    progress?.stop();
    throw bulkloadFailureWithStatus(error, context, json, options.nameFlag);
  }
  progress?.stop();
  list?.end();
  if (list) return;
  printOutcome(outcome, plan, context, json, options);
}

function printOutcome(
  outcome: RunOutcome,
  plan: RunPlan,
  context: RunContext,
  json: boolean,
  options: PrintOptions,
): void {
  const { stdout, stderr } = context.io;
  const empty = options.empty ?? '(none)';
  switch (outcome.kind) {
    case 'answer':
      if (json) printJson(stdout, outcome.answer);
      else if (options.collection)
        stdout.write(`${renderRecords(listAt(outcome.answer, options.collection), empty)}\n`);
      else if (isStatusOperation(plan.operation))
        stdout.write(`${renderBulkloadStatus(outcome.answer as BulkloadStatus)}\n`);
      else printHuman(stdout, outcome.answer);
      return;
    case 'items':
      // One page prints as WorkSpan answered it; pages as a table of every row.
      if (plan.mode === 'page' && json)
        printJson(stdout, { ...(outcome.lastPage as object), results: outcome.items });
      else if (json) printJson(stdout, { results: outcome.items });
      else if (outcome.items.length === 0) printHuman(stdout, empty);
      else stdout.write(`${renderRecords(outcome.items as Record<string, unknown>[])}\n`);
      return;
    case 'bulkload':
      if (outcome.status) {
        if (json) printJson(stdout, outcome.status);
        else stdout.write(`${renderBulkloadStatus(outcome.status)}\n`);
        return;
      }
      if (json) printJson(stdout, outcome.answer);
      else {
        printHuman(stdout, outcome.answer);
        stderr.write(`Check it with: ${escapeForTerminal(statusCommand(outcome.load))}\n`);
      }
  }
}

/** A failed or unfinished wait prints the last status first, then fails with how to check it. */
function bulkloadFailureWithStatus(
  error: unknown,
  context: RunContext,
  json: boolean,
  nameFlag?: (field: string) => string,
): unknown {
  const print = (status: BulkloadStatus) => {
    if (json) printJson(context.io.stdout, status);
    else context.io.stdout.write(`${renderBulkloadStatus(status)}\n`);
  };
  if (WorkSpanBulkloadFailedError.isInstance(error)) {
    print(error.status);
    return error;
  }
  if (WorkSpanBulkloadWaitTimeoutError.isInstance(error)) {
    if (error.lastStatus) print(error.lastStatus);
    const { integrationId, executionId } = error;
    return new Error(`${error.message}\nCheck it with: ${statusCommand({ integrationId, executionId })}`);
  }
  return toFlagError(error, nameFlag);
}

/** The operations that read a bulk load's status, as the catalogue names them. */
const statusOperationIds = new Set<string>(
  Object.values(catalogue).flatMap((operation) =>
    operation.behaviours.bulkload ? [operation.behaviours.bulkload.statusOperation] : [],
  ),
);
const isStatusOperation = (operation: AnyOperation) => statusOperationIds.has(operation.id);

/** `workspan bulk-load get-status --integration-id … --execution-id …`, from the catalogue. */
function statusCommand(load: StartedLoad): string {
  const operation = catalogue[[...statusOperationIds][0] as OperationId] as AnyOperation;
  const flags = Object.entries(load).map(([field, value]) => `${flagName(field)} ${value}`);
  return ['workspan', ...commandPath(operation), ...flags].join(' ');
}

/** Core's run options as flags: paging (`--return-all`, `--limit`) or waiting (`--wait`, …). */
function addRunOptions(command: Command, operation: AnyOperation): void {
  for (const field of runOptionFields(operation)) {
    const flag = flagName(field.name);
    const description = `${field.description}${describeDefault(field)}${field.visibleWhen?.waitForCompletion ? ' (with --wait)' : ''}`;
    const option =
      field.kind === 'boolean'
        ? new Option(flag, description)
        : new Option(`${flag} <${field.name === 'limit' ? 'n' : 'ms'}>`, description).argParser(
            (value: string) => value,
          );
    command.addOption(option.helpGroup(operation.behaviours.paging ? 'Paging:' : 'Waiting:'));
  }
}

const describeDefault = (field: RunOptionField) =>
  field.kind === 'number' ? ` Default ${field.default}.` : '';

/** The run options given on the command line, as typed; core checks them. */
function runOptionValues(command: Command, operation: AnyOperation): Record<string, unknown> {
  const flags = command.opts<Record<string, unknown>>();
  return Object.fromEntries(
    runOptionFields(operation).flatMap((field) => {
      const property = optionProperty(flagName(field.name).slice(2));
      return flags[property] === undefined
        ? []
        : [[field.name, givenValue(flagName(field.name), flags[property])]];
    }),
  );
}

/** A flag typed with an empty value is a mistake on the command line, not "left out". */
export function givenValue(flag: string, value: unknown): unknown {
  if (typeof value === 'string' && value.trim() === '')
    throw new InvalidFlagError([{ flag, expected: 'a value; it is empty' }]);
  return value;
}

function listAt(answer: unknown, collection: string): Record<string, unknown>[] {
  const list = (answer as Record<string, unknown> | null)?.[collection];
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}
