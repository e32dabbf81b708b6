import {
  type AnyOperation,
  buildCallbackUrl,
  createCallbackToken,
  deleteSubscription,
  deliveryAsItem,
  desiredSubscription,
  listSubscriptions,
  type OperationId,
  type ReceivedDelivery,
  reconcileSubscriptions,
  type Subscription,
  subscribeTrigger,
  type TriggerOperationId,
  validateInput,
} from '@workspan-kit/core/node';
import { type Command, Option } from 'commander';
import { InvalidFlagError, toFlagError } from './errors.js';
import { addFieldOptions, flagFields, readFieldInput } from './field-options.js';
import { parsePort, parsePositiveInteger } from './flag-parsers.js';
import { flagName } from './naming.js';
import { commandOperations } from './operation-command.js';
import { type GlobalOptions, openSession, type RunContext, type Session } from './session.js';
import { stopSignal } from './stop-signal.js';
import { escapeForTerminal } from './terminal-text.js';
import { type Receiver, startReceiver } from './webhook-receiver.js';

/** `workspan listen <kind>`: one generated command per trigger operation. */
export function addListenCommand(
  parent: Command,
  name: string,
  operation: AnyOperation,
  context: RunContext,
  options: { hidden?: boolean } = {},
): Command {
  const fields = flagFields(operation, { omitCallbackUrl: true });
  const callbackField = operation.behaviours.trigger?.callbackUrlField;
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
    )
    .addOption(
      new Option(
        '--unsubscribe-timeout <seconds>',
        'On exit, how long to wait for WorkSpan to delete the subscription before giving up and printing the command that deletes it.',
      )
        .default(10)
        .argParser(parsePositiveInteger('--unsubscribe-timeout'))
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
      unsubscribeTimeoutSeconds: flags.unsubscribeTimeout as number,
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
  unsubscribeTimeoutSeconds: number;
  globals: GlobalOptions;
  context: RunContext;
  namer: (field: string) => string;
}

async function listen(plan: ListenPlan): Promise<void> {
  const { io } = plan.context;
  const stop = stopSignal(io);
  // Aborts a subscribe still in flight when a stop is asked for, so Ctrl-C never waits on the API.
  const stopping = new AbortController();
  stop.promise.then(() => stopping.abort());
  const token = createCallbackToken();
  let received = 0;
  let receiver: Receiver | undefined;
  let session: Session | undefined;
  let subscription: Subscription | undefined;
  let failure: unknown;
  try {
    receiver = await startReceiver({
      host: plan.host,
      port: plan.port,
      token,
      onDelivery(delivery) {
        if (stop.stopped) return;
        const line = plan.globals.json
          ? JSON.stringify(deliveryAsItem(delivery))
          : describeDelivery(delivery);
        io.stdout.write(`${line}\n`);
        received++;
        if (plan.maxEvents !== undefined && received >= plan.maxEvents) stop.request();
      },
      onRejected(status, reason) {
        io.stderr.write(`Refused a delivery (HTTP ${status}): ${reason}\n`);
      },
      onDuplicate({ delivery }) {
        io.stderr.write(
          `Skipped a redelivery (${escapeForTerminal(delivery.dedupeKey)}, ${delivery.digest}): already printed\n`,
        );
      },
      onWarning(warning) {
        io.stderr.write(`Warning: ${escapeForTerminal(warning)}\n`);
      },
    }).catch((error: unknown) => {
      throw receiverFlagError(error, plan);
    });
    session = await openSession(plan.globals, plan.context);
    session.addSecret(token);
    const base = plan.publicUrl ?? `http://${urlHost(plan.host)}:${receiver.port}/`;
    const callbackUrl = buildCallbackUrl(base, token);
    const operationId = plan.operation.id as TriggerOperationId;
    // Left-overs of an earlier run at this address that could not unsubscribe (killed, crashed),
    // found through WorkSpan's list of subscriptions when it answers it.
    const leftOvers = await reconcileSubscriptions(session.client, {
      name: desiredSubscription(operationId, plan.input, callbackUrl).name,
      known: [],
      callbackUrl,
      lister: listSubscriptions,
      callOptions: { signal: stopping.signal },
    }).catch((error: unknown) => {
      throw toFlagError(error, plan.namer);
    });
    if (leftOvers.deleted.length > 0)
      io.stderr.write(
        `Deleted ${leftOvers.deleted.length} left-over subscription(s) of an earlier run at ${base}: ${leftOvers.deleted.join(', ')}.\n`,
      );
    subscription = await subscribeTrigger(session.client, operationId, plan.input, callbackUrl, {
      signal: stopping.signal,
    }).catch((error: unknown) => {
      if (stop.stopped)
        throw new Error(
          `stopped before WorkSpan confirmed the subscription; one named "${String(plan.input.name)}" may exist (it delivers to ${base}, which is now closed)`,
        );
      throw toFlagError(error, plan.namer);
    });
    const local = `http://${urlHost(plan.host)}:${receiver.port}/`;
    const where = plan.publicUrl ? `${base} (received on ${local})` : base;
    io.stderr.write(
      `Listening for ${plan.kind} events at ${where} (subscription ${subscription.subscriberId}); press Ctrl-C to stop.\n`,
    );
    await stop.promise;
  } catch (error) {
    failure = error;
  }
  // Each clean-up step runs whatever happened before it, and none can wait on WorkSpan for long.
  const cleanupProblem =
    subscription && session ? await unsubscribe(plan, session, subscription.subscriberId) : undefined;
  await receiver?.close();
  stop.dispose();
  await session?.close();
  if (failure !== undefined) throw failure;
  if (cleanupProblem) throw new Error(cleanupProblem);
}

/** Deletes the subscription within `--unsubscribe-timeout`; answers what went wrong, if anything. */
async function unsubscribe(
  plan: ListenPlan,
  session: Session,
  subscriberId: string,
): Promise<string | undefined> {
  const { stderr } = plan.context.io;
  const deadline = AbortSignal.timeout(plan.unsubscribeTimeoutSeconds * 1000);
  try {
    const deleted = await deleteSubscription(session.client, subscriberId, { signal: deadline });
    stderr.write(
      deleted
        ? `Deleted subscription ${subscriberId}.\n`
        : `Subscription ${subscriberId} was already gone.\n`,
    );
    return undefined;
  } catch (error) {
    const reason = deadline.aborted
      ? `no answer within ${plan.unsubscribeTimeoutSeconds} s`
      : (error as Error).message;
    return `could not delete subscription ${subscriberId} (${reason}); delete it with: workspan subscription delete --subscriber-id ${subscriberId}`;
  }
}

/** The receiver could not listen: say which flag to change rather than the socket's error code. */
function receiverFlagError(error: unknown, plan: ListenPlan): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE')
    return new InvalidFlagError([
      { flag: '--port', expected: `a free port; ${plan.port} is in use on ${plan.host}` },
    ]);
  if (code === 'EACCES')
    return new InvalidFlagError([
      { flag: '--port', expected: `a port this user may listen on; ${plan.port} needs more privileges` },
    ]);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')
    return new InvalidFlagError([
      {
        flag: '--host',
        expected: `an address of this machine to listen on; got "${plan.host}" (${String(code)})`,
      },
    ]);
  return error;
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

/** One line per event: when, name, object, what changed; escaped, as it comes from the API. */
export function describeDelivery({ payload, delivery }: ReceivedDelivery): string {
  const objectId = payload.object_id ?? payload.id ?? '-';
  const changedFields = payload.changed_fields;
  const changed = Array.isArray(changedFields)
    ? changedFields.map(String)
    : typeof changedFields === 'string' && changedFields !== ''
      ? changedFields.split(',')
      : [];
  const parts = [delivery.receivedAt, delivery.event ?? '-', String(objectId)];
  if (changed.length > 0) parts.push(`changed: ${changed.join(', ')}`);
  else {
    // Collaboration events carry no change list: show their first few plain values instead.
    const values = Object.entries(payload)
      .filter(
        ([key, value]) =>
          key !== 'object_id' && key !== 'event' && value !== null && typeof value !== 'object',
      )
      .slice(0, 4)
      .map(([key, value]) => `${key}=${String(value)}`);
    if (values.length > 0) parts.push(values.join(' '));
  }
  if (payload.previous_stage !== undefined && payload.stage !== undefined)
    parts.push(`(stage ${String(payload.previous_stage) || '-'} → ${String(payload.stage)})`);
  return escapeForTerminal(parts.join('  '));
}

/** The events a trigger delivers, for its help. */
function triggerEventsText(operation: AnyOperation): string {
  const events = operation.behaviours.trigger?.events;
  if (!events) return 'none';
  return Array.isArray(events) ? events.join(', ') : 'the collaboration event chosen (see `workspan events`)';
}
