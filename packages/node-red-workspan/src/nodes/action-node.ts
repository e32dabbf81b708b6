import {
  planRun,
  type RunPlan,
  type RunProgress,
  runOperation,
  type ValidationIssue,
  type WorkSpanClient,
  WorkSpanValidationError,
} from '@workspan-kit/core/node';
import type { ConnectionUser } from './connection-node.js';
import { describeNodeFailure, statusText } from './errors.js';
import type { NodeDefinition, NodeMessage, NodeRedRuntime, RuntimeNode } from './node-red-types.js';
import { findOperation, type NodeSpec, type OperationSpec } from './node-specs.js';
import { connectionAndStatus, type ShowStatus } from './node-status.js';
import { type Parameters, readValues } from './property-values.js';

/** What the edit dialog stores besides the operation's properties. */
export interface ActionDefinition extends NodeDefinition {
  connection?: string;
  operation?: string;
  parameters?: Parameters;
  waitForCompletion?: boolean;
  failOnRowErrors?: boolean;
  waitTimeout?: string | number;
  pollInterval?: string | number;
  paging?: Paging;
  limit?: string | number;
  splitPages?: boolean;
}

/** The node's *Rows* choice for operations that read pages: core's Return All, a limit, or one page. */
export const pagingChoices = ['all', 'limit', 'page'] as const;
type Paging = (typeof pagingChoices)[number];

/** The node's own run settings, each also read from the same-named `msg` field. */
const runSettings = [
  'waitForCompletion',
  'failOnRowErrors',
  'waitTimeout',
  'pollInterval',
  'paging',
  'limit',
  'splitPages',
] as const;
type RunSettingName = (typeof runSettings)[number];
type RunSettings = Partial<Record<RunSettingName, unknown>> & {
  /** The settings the message gave (the others come from the dialog). */
  fromMessage: Set<string>;
};

export function registerActionNode(RED: NodeRedRuntime, spec: NodeSpec): void {
  RED.nodes.registerType(spec.type, function (this: RuntimeNode, definition: ActionDefinition) {
    RED.nodes.createNode(this, definition);
    const { connection, status } = connectionAndStatus(RED, this, definition.connection);
    const user: ConnectionUser = {
      showConnectionStatus: (connectionStatus) => this.status(connectionStatus ?? {}),
    };
    if (!connection) status('red', 'ring', 'no-connection');
    else connection.register(user);
    // Stopping the flow stops waiting for a bulk load (the load goes on in WorkSpan).
    const stopping = new AbortController();

    this.on('input', async (msg, send, done) => {
      const wanted = typeof msg.operation === 'string' && msg.operation.trim() ? msg.operation : undefined;
      const operation = wanted
        ? findOperation(spec, wanted)
        : spec.operations.find((candidate) => candidate.id === definition.operation);
      // What the dialog saved belongs to the saved operation: another one takes msg values only.
      const saved = operation !== undefined && operation.id === definition.operation ? definition : undefined;
      let client: WorkSpanClient | undefined;
      try {
        if (!connection) throw new Error(RED._('workspan.errors.no-connection'));
        if (!operation)
          throw new Error(
            RED._('workspan.errors.unknown-operation', {
              operations: spec.operations
                .map((candidate) => `${candidate.id} (${candidate.operation.name})`)
                .join(', '),
            }),
          );
        const settings = runSettingsOf(saved, msg);
        const values = await readValues(RED, this, msg, operation, saved?.parameters ?? {});
        // Every value, the run settings included, is checked before the first request.
        const plan = planFor(operation, values, settings);
        client = connection.client();
        status('blue', 'dot', 'requesting');
        const split = plan.mode === 'pages' && isTrue(settings.splitPages);
        const outcome = await runOperation(client, plan, {
          signal: stopping.signal,
          callBudget: connection.callBudget,
          keepItems: !split,
          onProgress: (progress) => {
            if (progress.kind === 'page' && split && progress.items.length > 0)
              send({ ...msg, payload: [...progress.items], page: pageOf(plan, progress) });
            else showProgress(status, plan, progress);
          },
        });
        switch (outcome.kind) {
          case 'answer':
            msg.payload = outcome.answer;
            status('green', 'dot', 'done');
            send(msg);
            break;
          case 'items':
            if (plan.mode === 'page') {
              // One page chosen by its number: WorkSpan's answer for it, end-of-list flag included.
              msg.payload = outcome.lastPage;
              status('green', 'dot', 'done');
              send(msg);
            } else {
              status('green', 'dot', 'done-rows', { count: outcome.itemCount });
              if (!split) send({ ...msg, payload: outcome.items });
            }
            break;
          case 'bulkload':
            if (outcome.status && outcome.summary) {
              msg.payload = outcome.status;
              msg.workspan = { ...outcome.load, summary: outcome.summary };
              status(outcome.summary.failed > 0 ? 'yellow' : 'green', 'dot', 'done-load', {
                succeeded: outcome.summary.succeeded,
                failed: outcome.summary.failed,
              });
            } else {
              msg.payload = outcome.answer;
              status('green', 'dot', 'done');
            }
            send(msg);
            break;
        }
        connection.report(undefined);
        done();
      } catch (error) {
        connection?.report(error);
        const failure = describeNodeFailure(error, {
          operation: operation?.operation,
          connection: client && {
            environment: client.connection.baseUrl,
            hostname: client.connection.hostname,
          },
        });
        status('red', 'ring', 'error', { message: statusText(failure.text) });
        done(Object.assign(new Error(failure.text), { cause: error }));
      }
    });
    this.on('close', (_removed, done) => {
      stopping.abort();
      connection?.deregister(user);
      done();
    });
  });
}

/** The run settings for one message: `msg` fields first, then what the dialog saved for this operation. */
function runSettingsOf(saved: ActionDefinition | undefined, msg: NodeMessage): RunSettings {
  const settings: RunSettings = { fromMessage: new Set() };
  for (const name of runSettings) {
    if (msg[name] !== undefined) settings.fromMessage.add(name);
    const value = msg[name] !== undefined ? msg[name] : saved?.[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

const isTrue = (value: unknown) => value === true || (typeof value === 'string' && value.trim() === 'true');

/**
 * Core's plan for one message. The node's *Rows* choice becomes core's run options: *Return all*
 * and a limit read page after page from the first (a page number is then not sent); *One page*
 * reads the page number given (the field's default when none is). Options the operation does not
 * offer are left out; one the dialog hid (waiting options when not waiting) is left out too, while
 * one a message sets is always checked.
 */
function planFor(operation: OperationSpec, values: Record<string, unknown>, settings: RunSettings): RunPlan {
  const issues: ValidationIssue[] = [];
  const options: Record<string, unknown> = {};
  const paging = operation.operation.behaviours.paging;
  if (paging) {
    const chosen = settings.paging ?? pagingChoices[0];
    if (!(pagingChoices as readonly unknown[]).includes(chosen))
      issues.push({
        field: 'paging',
        expected: `one of ${pagingChoices.join(', ')} (got ${String(chosen)})`,
      });
    if (chosen === 'page') {
      const pageNumber = operation.properties.find((property) => property.name === paging.pageNumberField);
      values[paging.pageNumberField] ??= pageNumber?.default;
    } else {
      delete values[paging.pageNumberField];
      options.returnAll = chosen !== 'limit';
      if (chosen === 'limit') options.limit = settings.limit;
    }
  }
  for (const option of operation.runOptions) {
    if (option.name === 'returnAll' || option.name === 'limit') continue;
    const value = settings[option.name];
    if (value === undefined) continue;
    const shown = Object.entries(option.visibleWhen ?? {}).every(([name, when]) =>
      (when as readonly unknown[]).includes(isTrue(settings[name as RunSettingName])),
    );
    if (shown || settings.fromMessage.has(option.name)) options[option.name] = value;
  }
  let plan: RunPlan | undefined;
  try {
    plan = planRun(operation.operation, values, options);
  } catch (error) {
    if (!WorkSpanValidationError.isInstance(error)) throw error;
    issues.push(...error.issues);
  }
  if (!plan || issues.length > 0) throw new WorkSpanValidationError(issues, operation.id);
  return plan;
}

/** `msg.page` of one message per page: its number and the page size asked for. */
function pageOf(plan: RunPlan, progress: Extract<RunProgress, { kind: 'page' }>) {
  const paging = plan.operation.behaviours.paging;
  const size = paging ? (plan.input as Record<string, unknown>)[paging.pageSizeField] : undefined;
  return { number: progress.pageNumber, size: typeof size === 'number' ? size : progress.items.length };
}

function showProgress(status: ShowStatus, plan: RunPlan, progress: RunProgress): void {
  if (progress.kind === 'bulkload-started' && plan.options.waitForCompletion)
    status('yellow', 'ring', 'waiting');
  if (progress.kind === 'bulkload-status') {
    const { succeeded, failed, skipped, read } = progress.summary;
    status('yellow', 'ring', 'waiting-progress', { done: succeeded + failed + skipped, total: read });
  }
}
