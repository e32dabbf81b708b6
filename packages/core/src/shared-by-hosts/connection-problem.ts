import { type ConnectionField, connectionFields } from '../catalogue/index.js';
import {
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
  WorkSpanValidationError,
} from '../errors.js';
import { describeTransportCode } from '../transport-code.js';

/** A connection field a person can correct. */
export type ConnectionFieldName = Exclude<ConnectionField['name'], 'notes'>;

/** What is wrong with a connection, as a person fixes it: which fields, and why. */
export interface ConnectionProblem {
  /** The fields to check; WorkSpan does not say which of the id and the secret it refused. */
  fields: readonly ConnectionFieldName[];
  reason: string;
}

/** Server codes WorkSpan answers with when it knows no app hostname of that name. */
const unknownHostnameCodes = new Set(['unknown_environment', 'missing_environment']);

const connectionFieldNames = new Set<string>(
  connectionFields.map((field) => field.name).filter((name) => name !== 'notes'),
);

/**
 * Which connection fields a failed call points at: the settings refused before sending, the
 * environment that could not be reached, the app hostname WorkSpan does not know, or the
 * application user it refused. `undefined` when the failure is not about the connection.
 */
export function connectionProblems(
  error: unknown,
  connection: { environment: string; hostname: string },
): ConnectionProblem[] | undefined {
  if (WorkSpanValidationError.isInstance(error)) {
    const problems = error.issues
      .filter((issue) => connectionFieldNames.has(issue.field))
      .map((issue) => ({
        fields: [issue.field as ConnectionFieldName],
        reason: `expected ${issue.expected}`,
      }));
    return problems.length > 0 ? problems : undefined;
  }
  if (WorkSpanConnectionError.isInstance(error)) {
    const reason = describeTransportCode(error.transportCode);
    return [
      {
        fields: ['environment'],
        reason: `WorkSpan could not be reached at ${connection.environment} (${reason}); check the environment or base URL.`,
      },
    ];
  }
  if (WorkSpanAuthenticationError.isInstance(error)) {
    if (error.serverCode !== undefined && unknownHostnameCodes.has(error.serverCode)) {
      return [
        {
          fields: ['hostname'],
          reason: `WorkSpan knows no app hostname "${connection.hostname}" (HTTP ${error.status}).`,
        },
      ];
    }
    return [
      {
        fields: ['clientId', 'clientSecret'],
        reason: `WorkSpan refused the application user for ${connection.hostname} (HTTP ${error.status}).`,
      },
    ];
  }
  if (WorkSpanApiError.isInstance(error) && error.operationId === 'token') {
    return [{ fields: ['environment'], reason: error.message }];
  }
  return undefined;
}

/** One line: `Application User ID or Application User Secret: WorkSpan refused …`. */
export function describeConnectionProblems(
  problems: readonly ConnectionProblem[],
  namer: (fieldName: string) => string,
): string {
  return problems.map((problem) => `${problem.fields.map(namer).join(' or ')}: ${problem.reason}`).join('; ');
}
