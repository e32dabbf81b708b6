import { z } from 'zod';
import type { FieldDefinition } from './field.js';

export type OperationKind = 'action' | 'trigger' | 'internal';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * What a call does to WorkSpan's data, which its HTTP method does not always say (a report is read
 * with a POST): `read` changes nothing; `add` creates something and overwrites nothing; `replace`
 * may overwrite what is there (an upsert, a field set); `remove` deletes.
 */
export type OperationEffect = 'read' | 'add' | 'replace' | 'remove';

/** Hosts group actions by resource (n8n's resource → operation, the CLI's command groups). */
export type Resource = 'bulkLoad' | 'object' | 'report' | 'event' | 'metadata' | 'subscription';

/** Read page by page: hosts offer "Return All" / "Limit" and iterate for the user. */
export interface PagingBehaviour {
  pageNumberField: string;
  pageSizeField: string;
  /** The answer's array of rows. */
  resultsPath: string;
  /** The answer's flag for the last page. */
  endOfListPath: string;
}

/** Starts a bulk load: hosts offer "wait for completion" and "fail on row errors". */
export interface BulkloadBehaviour {
  /** The operation that reads the load's status. */
  statusOperation: 'GetBulkloadStatus';
  /** The field naming the integration, also the status call's key. */
  integrationField: string;
  /** The field holding the data (`data`) or file (`file`) sent. */
  contentField: string;
  /** The field naming the format (csv, json, xlsx). */
  formatField: string;
  /** The answer's execution id, the key of the status call. */
  executionIdPath: string;
}

/** Where a trigger's delivered payload is described: the connector's `x-ms-dynamic-schema`. */
export interface PayloadSchemaSource {
  operation: 'GetEventSchema' | 'GetObjectEventSchema';
  /** The schema operation's parameter (wire name) → the trigger field that supplies it. */
  parameters: Record<string, string>;
  /** Where the schema sits in that operation's answer. */
  valuePath: string;
}

/** Subscribes a webhook: hosts register their own receiver as the callback URL. */
export interface TriggerBehaviour {
  /**
   * The events a subscription delivers: a fixed list, or `listSource` when the user picks one
   * from a list read at run time (collaboration events).
   */
  events: readonly string[] | { listSource: 'events' };
  /** The field carrying the events chosen, when the user chooses them. */
  eventField?: string;
  /** The field the host fills with its receiver's address. */
  callbackUrlField: string;
  /** What a delivery's body holds (the event payload itself, no envelope). */
  payloadSchema: PayloadSchemaSource;
}

export interface OperationBehaviours {
  paging?: PagingBehaviour;
  bulkload?: BulkloadBehaviour;
  trigger?: TriggerBehaviour;
}

/** How the request body is made. */
export type BodyEncoding = 'none' | 'json' | 'data' | 'multipart';

export interface HttpMapping {
  method: HttpMethod;
  /** The path as the connector's definition names it. */
  path: string;
  /** Where the connector's gateway sends the call (apiProperties.json routing); defaults to `path`. */
  routedPath?: string;
  body: BodyEncoding;
  /** Wire fields the connector fixes (internal visibility), merged into the JSON body. */
  constants?: Record<string, unknown>;
  /** For `data` and `multipart` bodies: the field whose value picks the content type. */
  formatField?: string;
}

export interface OperationDefinition<
  Fields extends Record<string, FieldDefinition> = Record<string, FieldDefinition>,
  Output extends z.ZodType = z.ZodType,
> {
  id: string;
  kind: OperationKind;
  /**
   * `portal`: a call WorkSpan's developer portal documents and the connector lacks; such an
   * operation is never in `catalogue`, so no host offers it. Absent for the connector's operations.
   */
  origin?: 'portal';
  resource: Resource;
  /** The connector's own summary of the operation. */
  title: string;
  description: string;
  /** Stable camelCase value a host uses for this operation within its resource (n8n's `value`). */
  key: string;
  /** Short title-case name for menus, within its resource ("Get Status", "Upload File"). */
  name: string;
  /** The sentence a menu shows for it ("Get the status of a bulk load"); n8n calls it `action`. */
  actionSentence: string;
  http: HttpMapping;
  /**
   * True for calls that create something (a bulk load, a subscription, an audit entry): they are
   * resent only when WorkSpan provably did not process them.
   */
  creates: boolean;
  effect: OperationEffect;
  /** What to do when the outcome of a creating call is unknown. */
  howToCheck?: string;
  fields: Fields;
  output: Output;
  behaviours: OperationBehaviours;
  /** One complete, valid input; the catalogue test proves it validates. */
  example: { [K in keyof Fields]?: unknown };
}

/** Keeps the literal types of an operation so inputs and outputs are typed per operation. */
export function defineOperation<
  const Fields extends Record<string, FieldDefinition>,
  Output extends z.ZodType,
>(
  definition: OperationDefinition<Fields, Output>,
): OperationDefinition<Fields, Output> & {
  input: z.ZodObject<{ [K in keyof Fields]: Fields[K]['schema'] }>;
} {
  const shape = Object.fromEntries(
    Object.entries(definition.fields).map(([name, f]) => [name, f.schema]),
  ) as {
    [K in keyof Fields]: Fields[K]['schema'];
  };
  return { ...definition, input: z.object(shape) };
}
