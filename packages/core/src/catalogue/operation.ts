import { z } from 'zod';
import type { FieldDefinition } from './field.js';

export type OperationKind = 'action' | 'trigger' | 'internal';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Hosts group actions by resource (n8n's resource → operation, the CLI's command groups). */
export type Resource = 'bulkLoad' | 'object' | 'report' | 'event' | 'metadata' | 'subscription';

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
  resource: Resource;
  /** Short verb-first name for menus (e.g. "Bulk load data from a file"). */
  title: string;
  description: string;
  /** Stable camelCase name a host uses for this operation within its resource. */
  action: string;
  http: HttpMapping;
  /**
   * True for calls that create something (a bulk load, a subscription, an audit entry): they are
   * resent only when WorkSpan provably did not process them.
   */
  creates: boolean;
  /** What to do when the outcome of a creating call is unknown. */
  howToCheck?: string;
  fields: Fields;
  output: Output;
  /** For triggers: the events the subscription delivers, for hosts' docs. */
  triggerEvents?: string;
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
