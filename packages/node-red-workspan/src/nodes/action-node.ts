import {
  type BulkloadStatus,
  bulkloadFailure,
  iterateReportData,
  iterateReportList,
  summarizeBulkload,
  waitForBulkload,
} from '@workspan-kit/core/node';
import type { ConnectionUser } from './connection-node.js';
import { describeError } from './errors.js';
import type { NodeDefinition, NodeMessage, NodeRedRuntime, RuntimeNode } from './node-red-types.js';
import type { NodeSpec, OperationSpec } from './node-specs.js';
import { connectionAndStatus } from './node-status.js';
import { type Parameters, readInput } from './property-values.js';

/** What the edit dialog stores besides the operation's properties. */
export interface ActionDefinition extends NodeDefinition {
  connection?: string;
  operation?: string;
  parameters?: Parameters;
  waitForCompletion?: boolean;
  failOnRowErrors?: boolean;
  waitTimeout?: string | number;
  pollInterval?: string | number;
  paging?: 'all' | 'limit' | 'page';
  limit?: string | number;
  splitPages?: boolean;
}

const milliseconds = (value: unknown, fallback: number) => {
  const number = Number(value);
  return value === undefined || value === '' || !Number.isFinite(number) ? fallback : number;
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

    this.on('input', async (msg, send, done) => {
      const operation = chooseOperation(spec, definition, msg);
      const options = behaviourOptions(definition, msg);
      try {
        if (!connection) throw new Error(RED._('workspan.errors.no-connection'));
        if (!operation)
          throw new Error(
            RED._('workspan.errors.unknown-operation', {
              operations: spec.operations.map((candidate) => candidate.id).join(', '),
            }),
          );
        const input = await readInput(RED, this, msg, operation, definition.parameters ?? {});
        const client = connection.client();
        status('blue', 'dot', 'requesting');
        if (operation.pages && options.paging !== 'page') {
          const limit = options.paging === 'limit' ? Math.max(1, Number(options.limit) || 1) : undefined;
          const pageSize = Number(input.pageSize) || 500;
          const rows =
            operation.id === 'GetReportData'
              ? iterateReportData(client, input.reportId as number, {
                  pageSize,
                  ...(limit === undefined ? {} : { limit }),
                  ...(input.filters ? { filters: input.filters as never } : {}),
                })
              : iterateReportList(client, { pageSize, ...(limit === undefined ? {} : { limit }) });
          let all: unknown[] = [];
          let count = 0;
          let page = 0;
          for await (const row of rows) {
            all.push(row);
            count++;
            if (options.splitPages && all.length === pageSize) {
              send({ ...msg, payload: all, page: { number: page++, size: pageSize } });
              all = [];
            }
          }
          if (!options.splitPages) send({ ...msg, payload: all });
          else if (all.length > 0) send({ ...msg, payload: all, page: { number: page, size: pageSize } });
          status('green', 'dot', 'done-rows', { count });
        } else {
          const result = await client.call(operation.id, input as never);
          if (operation.startsBulkLoad && options.waitForCompletion) {
            const load = result as { execution_id: string };
            const integrationId = input.integrationId as string;
            status('yellow', 'ring', 'waiting');
            const final = await waitForBulkload(
              client,
              { integrationId, executionId: load.execution_id },
              {
                intervalMs: milliseconds(options.pollInterval, 2000),
                timeoutMs: milliseconds(options.waitTimeout, 30 * 60_000),
                callBudget: connection.pacing,
                onProgress: (progress) =>
                  status('yellow', 'ring', 'waiting-progress', {
                    done: processed(progress),
                    total: progress.input_count ?? '?',
                  }),
              },
            );
            // Core's one rule: nothing written always fails; refused rows fail only when asked.
            const failure = bulkloadFailure(final, { failOnRowErrors: Boolean(options.failOnRowErrors) });
            if (failure) throw failure;
            const summary = summarizeBulkload(final);
            msg.payload = final;
            msg.workspan = { integrationId, executionId: load.execution_id, summary };
            status(summary.failed > 0 ? 'yellow' : 'green', 'dot', 'done-load', {
              succeeded: summary.succeeded,
              failed: summary.failed,
            });
          } else {
            msg.payload = result;
            status('green', 'dot', 'done');
          }
          send(msg);
        }
        connection.report(undefined);
        done();
      } catch (error) {
        connection?.report(error);
        const message = describeError(error, operation);
        status('red', 'ring', 'error', { message: shorten(message) });
        done(Object.assign(new Error(message), { cause: error }));
      }
    });
    this.on('close', (_removed, done) => {
      connection?.deregister(user);
      done();
    });
  });
}

const overridable = [
  'waitForCompletion',
  'failOnRowErrors',
  'waitTimeout',
  'pollInterval',
  'paging',
  'limit',
  'splitPages',
] as const;

/** The node's behaviour options, each overridable by the same-named `msg` field. */
function behaviourOptions(definition: ActionDefinition, msg: NodeMessage): ActionDefinition {
  const options = { ...definition };
  for (const name of overridable)
    if (msg[name] !== undefined) (options as Record<string, unknown>)[name] = msg[name];
  return options;
}

function chooseOperation(
  spec: NodeSpec,
  definition: ActionDefinition,
  msg: NodeMessage,
): OperationSpec | undefined {
  const wanted = typeof msg.operation === 'string' && msg.operation ? msg.operation : definition.operation;
  return spec.operations.find((operation) => operation.id === wanted);
}

const processed = (status: BulkloadStatus) =>
  (status.succcess_count ?? 0) + (status.error_count ?? 0) + (status.skip_count ?? 0);

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
