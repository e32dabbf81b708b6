import {
  type AnyOperation,
  type BulkloadStatus,
  type OperationId,
  type ValidatedInput,
  validateInput,
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
  const startsBulkload = operation.resource === 'bulkLoad' && operation.creates;
  if (startsBulkload) addWaitOptions(command);
  if (!options.hidden) commandOperations.set(command, operation.id as OperationId);

  command.action(async (flags: Record<string, unknown>, self: Command) => {
    const globals = self.optsWithGlobals<GlobalOptions>();
    const input = await readFieldInput(fields, flags, context.io.stdin);
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
        const status = await waitForLoad(session.client, input, answer, flags, context);
        if (globals.json) printJson(context.io.stdout, status);
        else context.io.stdout.write(`${renderBulkloadStatus(status)}\n`);
        return;
      }
      if (globals.json) printJson(context.io.stdout, answer);
      else if (operation.id === 'GetBulkloadStatus')
        context.io.stdout.write(`${renderBulkloadStatus(answer as BulkloadStatus)}\n`);
      else printHuman(context.io.stdout, answer);
      if (startsBulkload && !globals.json) hintStatusCommand(context, input, answer);
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

function addWaitOptions(command: Command): void {
  const group = 'Waiting:';
  command
    .addOption(
      new Option(
        '--wait',
        'Wait until the bulk load completes, then show its counts and row errors.',
      ).helpGroup(group),
    )
    .addOption(
      new Option('--poll-interval <ms>', 'Time between status checks while waiting.')
        .default(2000)
        .argParser(parsePositiveInteger('--poll-interval'))
        .helpGroup(group),
    )
    .addOption(
      new Option('--wait-timeout <ms>', 'Stop waiting after this long (the load goes on in WorkSpan).')
        .default(30 * 60_000)
        .argParser(parsePositiveInteger('--wait-timeout'))
        .helpGroup(group),
    );
}

async function waitForLoad(
  client: WorkSpanClient,
  input: Record<string, unknown>,
  answer: unknown,
  flags: Record<string, unknown>,
  context: RunContext,
): Promise<BulkloadStatus> {
  const load = answer as { execution_id: string; integration_id?: string };
  return waitWithProgress(
    client,
    { integrationId: load.integration_id ?? String(input.integrationId), executionId: load.execution_id },
    {
      stderr: context.io.stderr,
      intervalMs: flags.pollInterval as number,
      timeoutMs: flags.waitTimeout as number,
      ...(context.io.signal ? { signal: context.io.signal } : {}),
    },
  );
}

function hintStatusCommand(context: RunContext, input: Record<string, unknown>, answer: unknown): void {
  const load = answer as { execution_id?: string; integration_id?: string };
  if (!load.execution_id) return;
  const integration = load.integration_id ?? String(input.integrationId);
  context.io.stderr.write(
    `Check it with: workspan bulk-load get-status --integration-id ${integration} --execution-id ${load.execution_id}\n`,
  );
}
