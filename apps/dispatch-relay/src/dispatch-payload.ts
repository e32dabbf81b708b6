import { type DispatchEnvelope, repositoryDispatchLimits } from '@workspan-kit/core/spec';

/**
 * Builds the envelope, leaving out the largest payload fields until the whole `client_payload`
 * fits GitHub's limit. A workflow that needs a trimmed field reads it from WorkSpan by object id.
 */
export function buildDispatchEnvelope(parts: Omit<DispatchEnvelope, 'trimmed'>): DispatchEnvelope {
  const envelope: DispatchEnvelope = { ...parts, trimmed: [] };
  if (JSON.stringify(envelope).length <= repositoryDispatchLimits.payloadCharacters) return envelope;
  const bySize = Object.entries(parts.payload)
    .map(([name, value]) => ({ name, size: name.length + JSON.stringify(value ?? null).length }))
    .sort((left, right) => right.size - left.size || left.name.localeCompare(right.name));
  const payload = { ...parts.payload };
  const trimmed: string[] = [];
  for (const { name } of bySize) {
    delete payload[name];
    trimmed.push(name);
    if (JSON.stringify({ ...parts, payload, trimmed }).length <= repositoryDispatchLimits.payloadCharacters)
      break;
  }
  return { ...parts, payload, trimmed };
}
