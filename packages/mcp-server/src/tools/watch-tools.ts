import {
  type AnyOperation,
  catalogue,
  type TriggerOperationId,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { z } from 'zod';
import { watchResourceUri } from '../watch/watch-registry.js';
import { localReadAnnotations, operationAnnotations } from './tool-annotations.js';
import type { ToolEntry } from './tool-entry.js';
import { readWatchToolName, stopWatchToolName, watchToolName } from './tool-names.js';
import { failureResult, structuredResult, unknownArgumentIssues } from './tool-results.js';
import { answerSchema, type JsonSchema, operationInputSchema } from './tool-schemas.js';

const watchId = z.string().min(1).describe('The watchId a watch tool answered.');

const readInput = z.object({
  watchId,
  cursor: z
    .string()
    .regex(/^\d+$/, { error: 'a cursor a previous read answered (digits)' })
    .optional()
    .describe('Read events after this cursor (from the previous read); left out, from the first event kept.'),
  waitSeconds: z
    .number()
    .int()
    .min(0)
    .max(60, { error: 'a whole number of seconds from 0 to 60' })
    .default(0)
    .describe('When no event is there yet, wait this long for one.'),
  limit: z.number().int().min(1).max(100).default(20).describe('Most events to return.'),
});
const stopInput = z.object({ watchId });

const event = z.object({
  cursor: z.string().describe('Its position; read after it next time.'),
  receivedAt: z.string().describe('When it arrived (ISO 8601).'),
  event: z.string().optional().describe('The event name, when known.'),
  payload: z.record(z.string(), z.unknown()).describe("WorkSpan's event payload as delivered."),
});
const startOutput = z.object({
  watchId: z.string().describe('Pass it to workspan_watch_read and workspan_watch_stop.'),
  subscriberId: z.string().describe('The subscription created in WorkSpan.'),
  name: z.string().describe('The subscription name.'),
  resourceUri: z.string().describe('A resource listing the events; subscribe to it to be told of new ones.'),
});
const readOutput = z.object({
  watchId: z.string(),
  events: z.array(event).describe('The events after the cursor, oldest first.'),
  cursor: z.string().describe('Pass it as cursor next time.'),
  more: z.boolean().describe('True when more events wait after these.'),
});
const stopOutput = z.object({
  watchId: z.string(),
  subscriberId: z.string(),
  deleted: z.boolean().describe('False when WorkSpan no longer had the subscription.'),
});

/** A zod-checked tool input; a bad argument is named as the tool names it. */
function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  given: Record<string, unknown>,
): z.output<Schema> {
  const known = Object.keys((answerSchema(schema).properties ?? {}) as object);
  const parsed = schema.safeParse(given);
  const issues = [
    ...unknownArgumentIssues(given, known),
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          field: issue.path.join('.') || 'input',
          expected: issue.message,
        }))),
  ];
  if (issues.length > 0 || !parsed.success) throw new WorkSpanValidationError(issues);
  return parsed.data;
}

/** A tool input's JSON Schema: defaulted arguments are optional to the caller. */
function inputSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return { ...rest, additionalProperties: false };
}

/** A tool that starts watching one trigger: it subscribes in WorkSpan with this server as the callback. */
export function startWatchTool(operation: AnyOperation): ToolEntry {
  const trigger = operation.behaviours.trigger;
  if (!trigger) throw new Error(`${operation.id} is not a trigger`);
  const inputSchema = operationInputSchema(operation, {
    omit: [trigger.callbackUrlField],
    optional: ['name'],
  });
  const known = Object.keys(inputSchema.properties as object);
  const title = `Watch: ${operation.actionSentence.replace(/^Subscribe to /, '')}`;
  return {
    resource: operation.resource,
    definition: {
      name: watchToolName(operation),
      title,
      description: `${operation.description} Starts a watch: subscribes in WorkSpan with this server as the receiver; read what arrives with ${readWatchToolName}, end it with ${stopWatchToolName}. It ends with the session.`,
      inputSchema,
      outputSchema: answerSchema(startOutput),
      annotations: operationAnnotations(operation, title),
    },
    async call(given, context) {
      const unknown = unknownArgumentIssues(given, known);
      if (unknown.length > 0) return failureResult(new WorkSpanValidationError(unknown), { operation });
      try {
        const started = await context.watches.start(
          context.sessionKey,
          operation.id as TriggerOperationId,
          given,
          context.signal,
        );
        return structuredResult({ ...started, resourceUri: watchResourceUri(started.watchId) });
      } catch (error) {
        return failureResult(error, { operation, client: context.client });
      }
    },
  };
}

/** Reads what a watch received since a cursor, waiting a bounded time for the first event. */
export const readWatchTool: ToolEntry = {
  resource: 'event',
  definition: {
    name: readWatchToolName,
    title: 'Read the events a watch received',
    description:
      'Read the events a watch received after a cursor, oldest first, optionally waiting up to 60 s for the first one.',
    inputSchema: inputSchemaOf(readInput),
    outputSchema: answerSchema(readOutput),
    annotations: localReadAnnotations('Read the events a watch received'),
  },
  async call(given, context) {
    try {
      const input = parseInput(readInput, given);
      const read = await context.watches.read(context.sessionKey, input.watchId, {
        ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
        waitMs: input.waitSeconds * 1000,
        limit: input.limit,
        signal: context.signal,
      });
      return structuredResult({ watchId: input.watchId, ...read });
    } catch (error) {
      return failureResult(error);
    }
  },
};

/** Stops a watch: deletes its subscription in WorkSpan. */
export const stopWatchTool: ToolEntry = {
  resource: 'event',
  definition: {
    name: stopWatchToolName,
    title: 'Stop a watch',
    description: 'Stop a watch: its subscription in WorkSpan is deleted and no more events arrive.',
    inputSchema: inputSchemaOf(stopInput),
    outputSchema: answerSchema(stopOutput),
    annotations: operationAnnotations(catalogue.DeleteSubscriber, 'Stop a watch'),
  },
  async call(given, context) {
    try {
      const input = parseInput(stopInput, given);
      const stopped = await context.watches.stop(context.sessionKey, input.watchId);
      return structuredResult({ watchId: input.watchId, ...stopped });
    } catch (error) {
      return failureResult(error, { client: context.client });
    }
  },
};
