import {
  type AnyOperation,
  type BulkloadStatus,
  bulkloadFailure,
  bulkloadFollowUpFields,
  type FollowUpField,
  type OperationId,
  type ValidatedInput,
  validateInput,
  WorkSpanBulkloadWaitTimeoutError,
  type WorkSpanClient,
} from '@workspan-kit/core';
import { type Command, Option } from 'commander';
import { renderBulkloadStatus } from './bulk-status-view.js';
import { waitWithProgress } from './bulk-wait.js';
import { toFlagError } from './errors.js';
import { addFieldOptions, flagFields, readFieldInput } from './field-options.js';
import { parsePositiveInteger } from './flag-parsers.js';
import { printHuman, printJson } from './output.js';
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
  const startsBulkload = operation.behaviours.bulkload !== undefined;
  if (startsBulkload) addFollowUpOptions(command);
  if (!options.hidden) commandOperations.set(command, operation.id as OperationId);

  command.action(async (flags: Record<string, unknown>, self: Command) => {
    const globals = self.optsWithGlobals<GlobalOptions>();
    const input = await readFieldInput(operation, fields, self, context.io.stdin);
    // Checked before connecting, so a bad flag never sends a request (or starts a sandbox).
    let values: ValidatedInput;
    try {
      values = validateInput(operation, input);
    } catch (error) {
      throw toFlagError(error);
    }
    await withSession(self, context, async (session) => {
      const answer = await callOperation(session.client, operation, values);
      if (startsBulkload && flags.wait) {
        await followLoad(session.client, input, answer, flags, context, Boolean(globals.json));
        return;
      }
      if (globals.json) printJson(context.io.stdout, answer);
      else if (operation.id === 'GetBulkloadStatus')
        context.io.stdout.write(`${renderBulkloadStatus(answer as BulkloadStatus)}\n`);
      else printHuman(context.io.stdout, answer);
      if (startsBulkload && !globals.json) {
        const load = loadOf(input, answer);
        if (load) context.io.stderr.write(`Check it with: ${escapeForTerminal(statusCommand(load))}\n`);
      }
    });
  });
  return command;
}

async function callOperation(
  client: WorkSpanClient,
  operation: AnyOperation,
  values: ValidatedInput,
): Promise<unknown> {
  try {
    return await client.call(operation, values);
  } catch (error) {
    throw toFlagError(error);
  }
}

/** The command line's flag for each option core's host kit offers with a bulk load. */
const followUpFlags: Record<FollowUpField['name'], string> = {
  waitForCompletion: '--wait',
  failOnRowErrors: '--fail-on-row-errors',
  pollInterval: '--poll-interval',
  waitTimeout: '--wait-timeout',
};

function addFollowUpOptions(command: Command): void {
  for (const field of bulkloadFollowUpFields) {
    const flag = followUpFlags[field.name];
    const description = `${field.description}${field.visibleWhen ? ' (with --wait)' : ''}`;
    const option =
      field.kind === 'boolean'
        ? new Option(flag, description)
        : new Option(`${flag} <ms>`, description)
            .default(field.default)
            .argParser(parsePositiveInteger(flag, field.minimum));
    command.addOption(option.helpGroup('Waiting:'));
  }
}

interface Load {
  integrationId: string;
  executionId: string;
}

function loadOf(input: Record<string, unknown>, answer: unknown): Load | undefined {
  const load = answer as { execution_id?: string; integration_id?: string };
  if (!load.execution_id) return undefined;
  return {
    integrationId: load.integration_id ?? String(input.integrationId),
    executionId: load.execution_id,
  };
}

function statusCommand(load: Load): string {
  return `workspan bulk-load get-status --integration-id ${load.integrationId} --execution-id ${load.executionId}`;
}

/**
 * Waits for the load and prints its final status; a load that wrote nothing, or (with
 * --fail-on-row-errors) refused rows, ends the command with an error after the status.
 */
async function followLoad(
  client: WorkSpanClient,
  input: Record<string, unknown>,
  answer: unknown,
  flags: Record<string, unknown>,
  context: RunContext,
  json: boolean,
): Promise<void> {
  const load = loadOf(input, answer);
  if (!load) throw new Error('The bulk load answer carried no execution id to wait for.');
  const print = (status: BulkloadStatus) => {
    if (json) printJson(context.io.stdout, status);
    else context.io.stdout.write(`${renderBulkloadStatus(status)}\n`);
  };
  let status: BulkloadStatus;
  try {
    status = await waitWithProgress(client, load, {
      stderr: context.io.stderr,
      intervalMs: flags.pollInterval as number,
      timeoutMs: flags.waitTimeout as number,
      ...(context.io.signal ? { signal: context.io.signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof WorkSpanBulkloadWaitTimeoutError)) throw error;
    if (error.lastStatus) print(error.lastStatus);
    throw new Error(`${error.message}\nCheck it with: ${statusCommand(load)}`);
  }
  print(status);
  const failure = bulkloadFailure(status, { failOnRowErrors: Boolean(flags.failOnRowErrors) });
  if (failure) throw failure;
}
