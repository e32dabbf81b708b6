import { z } from 'zod';

/** GitHub's limits for a `repository_dispatch` event. */
export const repositoryDispatchLimits = {
  eventTypeLength: 100,
  topLevelKeys: 10,
  payloadCharacters: 65_535,
} as const;

/** The `event_type` a WorkSpan event is dispatched as. */
export function dispatchEventType(event: string): string {
  return `workspan.${event}`.slice(0, repositoryDispatchLimits.eventTypeLength);
}

/**
 * The fixed `client_payload` of every `repository_dispatch` the relay creates and the GitHub
 * Action reads: one schema for both sides, six top-level keys of GitHub's ten.
 */
export const dispatchEnvelopeSchema = z.object({
  /** The WorkSpan event, e.g. `object.stage_change`. */
  event: z.string().min(1),
  /** The relay route that received the delivery. */
  route: z.string().min(1),
  /** WorkSpan's delivery id, or `sha256:<digest of the body>` when the delivery carried none. */
  delivery_id: z.string().min(1),
  /** When the relay received it (ISO 8601). */
  received_at: z.string().min(1),
  /** The event payload WorkSpan posted, less the fields named in `trimmed`. */
  payload: z.record(z.string(), z.unknown()),
  /** Payload fields left out, largest first, to stay within GitHub's 65,535 characters. */
  trimmed: z.array(z.string()),
});

export type DispatchEnvelope = z.output<typeof dispatchEnvelopeSchema>;
