import {
  type AnyOperation,
  createCallbackToken,
  type DeliveryEnvelope,
  deleteSubscription,
  type OperationId,
  validateInput,
  withCallbackToken,
} from '@workspan-kit/core/node';
import { type Command, Option } from 'commander';
import { InvalidFlagError, toFlagError } from './errors.js';
import { addFieldOptions, flagFields, readFieldInput } from './field-options.js';
import { parsePort, parsePositiveInteger } from './flag-parsers.js';
import { flagName } from './naming.js';
import { commandOperations } from './operation-command.js';
import { type GlobalOptions, openSession, type RunContext } from './session.js';
import { stopSignal } from './stop-signal.js';
import { escapeForTerminal } from './terminal-text.js';
import { startReceiver } from './webhook-receiver.js';

/** `workspan listen <kind>`: one generated command per trigger operation. */
export function addListenCommand(
  parent: Command,
  name: string,
  operation: AnyOperation,
  context: RunContext,
  options: { hidden?: boolean } = {},
): Command {
  const fields = flagFields(operation, { omitCallbackUrl: true });
  const callbackField = Object.entries(operation.fields).find(
    ([, field]) => field.role === 'callbackUrl',
  )?.[0];
  const command = parent
    .command(name, { hidden: options.hidden ?? false })
    .summary(operation.title)
    .description(
      `${operation.title}\n\n${operation.description}\n\nStarts a local receiver, subscribes it, prints each event, and deletes the subscription on exit.` +
        `\nEvents: ${triggerEventsText(operation)}`,
    );
  addFieldOptions(command, fields, { name: 'workspan-cli listen' });
  const group = 'Receiver:';
  command
    .addOption(
      new Option('--port <n>', 'Local port to receive deliveries on (0 picks a free one).')
        .default(0)
        .argParser(parsePort('--port'))
        .helpGroup(group),
    )
    .addOption(
      new Option('--host <address>', 'Local address to listen on.').default('127.0.0.1').helpGroup(group),
    )
    .addOption(
      new Option(
        '--public-url <url>',
        'Address WorkSpan can reach this receiver at (e.g. a tunnel); default http://127.0.0.1:<port>/.',
      ).helpGroup(group),
    )
    .addOption(
      new Option('--max-events <n>', 'Stop after this many events.')
        .argParser(parsePositiveInteger('--max-events'))
        .helpGroup(group),
    );
  if (!options.hidden) commandOperations.set(command, operation.id as OperationId);

  command.action(async (flags: Record<string, unknown>, self: Command) => {
    if (!callbackField) throw new Error(`${operation.id} has no callback URL field`);
    const globals = self.optsWithGlobals<GlobalOptions>();
    const namer = (field: string) => (field === callbackField ? '--public-url' : flagName(field));
    const input = await readFieldInput(operation, fields, self, context.io.stdin);
    const publicUrl = flags.publicUrl === undefined ? undefined : checkPublicUrl(String(flags.publicUrl));
    try {
      validateInput(operation, { ...input, [callbackField]: publicUrl ?? 'http://127.0.0.1/' });
    } catch (error) {
      throw toFlagError(error, namer);
    }
    await listen({
      operation,
      kind: name,
      input,
      callbackField,
      publicUrl,
      host: String(flags.host),
      port: flags.port as number,
      maxEvents: flags.maxEvents as number | undefined,
      globals,
      context,
      namer,
    });
  });
  return command;
}

interface ListenPlan {
  operation: AnyOperation;
  kind: string;
  input: Record<string, unknown>;
  callbackField: string;
  publicUrl: string | undefined;
  host: string;
  port: number;
  maxEvents: number | undefined;
  globals: GlobalOptions;
  context: RunContext;
  namer: (field: string) => string;
}

async function listen(plan: ListenPlan): Promise<void> {
  const { io } = plan.context;
  const stop = stopSignal(plan.context.io);
  const session = await openSession(plan.globals, plan.context);
  const token = createCallbackToken();
  session.addSecret(token);
  let received = 0;
  let subscriberId: string | undefined;
  try {
    const receiver = await startReceiver({
      host: plan.host,
      port: plan.port,
      token,
      onDelivery(envelope) {
        if (stop.stopped) return;
        io.stdout.write(`${plan.globals.json ? JSON.stringify(envelope) : describeEnvelope(envelope)}\n`);
        received++;
        if (plan.maxEvents !== undefined && received >= plan.maxEvents) stop.request();
      },
      onRejected(status, reason) {
        io.stderr.write(`Refused a delivery (HTTP ${status}): ${reason}\n`);
      },
    });
    try {
      const base = plan.publicUrl ?? `http://${urlHost(plan.host)}:${receiver.port}/`;
      const answer = await session.client
        .call(plan.operation, {
          ...plan.input,
          [plan.callbackField]: withCallbackToken(base, token),
        })
        .catch((error: unknown) => {
          throw toFlagError(error, plan.namer);
        });
      subscriberId = (answer as { subscriber_id: string }).subscriber_id;
      io.stderr.write(
        `Listening for ${plan.kind} events at ${base} (subscription ${subscriberId}); press Ctrl-C to stop.\n`,
      );
      await stop.promise;
    } finally {
      if (subscriberId) await unsubscribe(plan, session.client, subscriberId);
      await receiver.close();
    }
  } finally {
    stop.dispose();
    await session.close();
  }
}

async function unsubscribe(
  plan: ListenPlan,
  client: Parameters<typeof deleteSubscription>[0],
  subscriberId: string,
): Promise<void> {
  const { stderr } = plan.context.io;
  try {
    const deleted = await deleteSubscription(client, subscriberId);
    stderr.write(
      deleted
        ? `Deleted subscription ${subscriberId}.\n`
        : `Subscription ${subscriberId} was already gone.\n`,
    );
  } catch (error) {
    throw new Error(
      `could not delete subscription ${subscriberId} (${(error as Error).message}); delete it with: workspan subscription delete --subscriber-id ${subscriberId}`,
    );
  }
}

function checkPublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidFlagError([{ flag: '--public-url', expected: `an http(s) URL; got "${value}"` }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidFlagError([{ flag: '--public-url', expected: `an http(s) URL; got "${value}"` }]);
  return url.href;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** One line per event: name, object, what changed; escaped, as it comes from the API. */
export function describeEnvelope(envelope: DeliveryEnvelope): string {
  const data = envelope.data ?? {};
  const objectId = data.object_id ?? data.id ?? '-';
  const changed = Array.isArray(data.changed_fields) ? data.changed_fields.map(String) : [];
  const parts = [envelope.occurred_at, envelope.event, String(objectId)];
  if (changed.length > 0) parts.push(`changed: ${changed.join(', ')}`);
  else {
    // Collaboration events carry no change list: show their first few plain values instead.
    const values = Object.entries(data)
      .filter(([key, value]) => key !== 'object_id' && value !== null && typeof value !== 'object')
      .slice(0, 4)
      .map(([key, value]) => `${key}=${String(value)}`);
    if (values.length > 0) parts.push(values.join(' '));
  }
  if (data.previous_stage !== undefined && data.stage !== undefined)
    parts.push(`(stage ${String(data.previous_stage) || '-'} → ${String(data.stage)})`);
  return escapeForTerminal(parts.join('  '));
}

/** The events a trigger delivers, for its help. */
function triggerEventsText(operation: AnyOperation): string {
  const events = operation.behaviours.trigger?.events;
  if (!events) return 'none';
  return Array.isArray(events) ? events.join(', ') : 'the collaboration event chosen (see `workspan events`)';
}
