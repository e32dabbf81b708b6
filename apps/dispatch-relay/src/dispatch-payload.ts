/** GitHub's limits for `repository_dispatch`. */
export const dispatchLimits = { eventTypeLength: 100, topLevelKeys: 10, payloadCharacters: 65_535 } as const;

/** The fixed envelope every dispatched event carries in `client_payload`. */
export interface DispatchEnvelope {
  /** The WorkSpan event, e.g. `object.stage_change`. */
  event: string;
  /** The relay route that received it. */
  route: string;
  /** The delivery id WorkSpan sent, or `sha256:<digest of the body>` when it sent none. */
  delivery_id: string;
  /** When the relay received it (ISO 8601). */
  received_at: string;
  /** The event payload WorkSpan posted, less any fields named in `trimmed`. */
  payload: Record<string, unknown>;
  /** Payload fields left out to stay within GitHub's 65,535 characters, largest first. */
  trimmed: string[];
}

export function eventTypeFor(event: string): string {
  return `workspan.${event}`.slice(0, dispatchLimits.eventTypeLength);
}

/**
 * Builds the envelope, leaving out the largest payload fields until the whole `client_payload`
 * fits GitHub's limit. A workflow that needs a trimmed field reads it from WorkSpan by object id.
 */
export function buildDispatchEnvelope(parts: Omit<DispatchEnvelope, 'trimmed'>): DispatchEnvelope {
  const envelope: DispatchEnvelope = { ...parts, trimmed: [] };
  if (JSON.stringify(envelope).length <= dispatchLimits.payloadCharacters) return envelope;
  const bySize = Object.entries(parts.payload)
    .map(([name, value]) => ({ name, size: name.length + JSON.stringify(value ?? null).length }))
    .sort((left, right) => right.size - left.size || left.name.localeCompare(right.name));
  const payload = { ...parts.payload };
  const trimmed: string[] = [];
  for (const { name } of bySize) {
    delete payload[name];
    trimmed.push(name);
    if (JSON.stringify({ ...parts, payload, trimmed }).length <= dispatchLimits.payloadCharacters) break;
  }
  return { ...parts, payload, trimmed };
}
