import { fieldLabel, notFoundFields } from '@workspan-kit/core/internal';
import {
  type AnyOperation,
  describeFailure,
  type FailureDescription,
  failureText,
  fieldNamers,
  WorkSpanApiError,
  WorkSpanNotFoundError,
} from '@workspan-kit/core/spec';

export interface NodeFailureContext {
  /** The operation the node ran (or subscribed with), whose fields the failure names. */
  operation?: AnyOperation | undefined;
  /** The values sent, so that a 404 of a call made outside the run pipeline names the field too. */
  input?: Readonly<Record<string, unknown>> | undefined;
  /** The connection the call went to, so that a failure of it names the connection's field. */
  connection?: { environment: string; hostname: string } | undefined;
}

/** How a Node-RED user sees a field: its label and the `msg` field it is read from. */
const namer = (fieldName: string, operation?: AnyOperation) =>
  fieldName === 'paging' ? 'Rows (msg.paging)' : fieldNamers.nodeRed(fieldName, operation);

/** An unknown id in a call the run pipeline did not make (a subscription): the field that carried it. */
function namingNotFound(error: unknown, context: NodeFailureContext): unknown {
  const { operation, input } = context;
  if (!operation || !input || !WorkSpanApiError.isInstance(error) || error.status !== 404) return error;
  if (WorkSpanNotFoundError.isInstance(error) || error.operationId !== operation.id) return error;
  const fields = notFoundFields(operation, input, error.serverCode);
  if (fields.length === 0) return error;
  return new WorkSpanNotFoundError(
    error,
    fields,
    Object.fromEntries(fields.map((name) => [name, input[name]])),
  );
}

/**
 * The one way this package turns a failure into words — for `done(err)`, a node's status, a
 * warning and the admin endpoints: core's `describeFailure` with Node-RED's names for fields
 * (`Integration (msg.integrationId)`) and connection fields (`WorkSpan App Hostname`). Core has
 * already removed secrets. The text starts with the operation id when there is one.
 */
export function describeNodeFailure(
  error: unknown,
  context: NodeFailureContext = {},
): FailureDescription & { text: string } {
  const description = describeFailure(namingNotFound(error, context), {
    namer,
    operation: context.operation,
    connection: context.connection,
  });
  const text = failureText(description);
  return { ...description, text: context.operation ? `${context.operation.id}: ${text}` : text };
}

/**
 * An event node's failure as its status line: fields by their labels alone (an event node takes
 * no input, so no `msg` property and no operation id), and a mistake in a filter by where it is,
 * which the cut of a long message would hide. The full text goes to the debug sidebar.
 */
export function eventStatusText(error: unknown, context: NodeFailureContext = {}): string {
  const description = describeFailure(namingNotFound(error, context), {
    namer: (fieldName, operation) => fieldLabel(fieldName, operation),
    operation: context.operation,
    connection: context.connection,
  });
  const [issue] = description.issues ?? [];
  const position = issue && /\bat line (\d+), column (\d+)/.exec(issue.expected);
  if (issue && position)
    return statusText(`${issue.hostFieldName}: mistake at line ${position[1]}, column ${position[2]}`);
  return statusText(failureText(description));
}

/** A node status holds one short line. */
export const statusText = (text: string) => {
  const line = text.split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
};
