import { type DispatchEnvelope, repositoryDispatchLimits } from '@workspan-kit/core/internal';

/**
 * Builds the envelope, leaving out the largest payload fields until the whole `client_payload`
 * fits GitHub's limit. A workflow that needs a trimmed field reads it from WorkSpan by object id.
 *
 * One pass: each field's share of the serialised envelope is measured once, and the fields to
 * leave out are chosen by arithmetic, so the whole envelope is serialised at most twice however
 * many fields there are (it used to be once per field left out: minutes for 20,000 fields).
 */
export function buildDispatchEnvelope(parts: Omit<DispatchEnvelope, 'trimmed'>): DispatchEnvelope {
  const limit = repositoryDispatchLimits.payloadCharacters;
  const envelope: DispatchEnvelope = { ...parts, trimmed: [] };
  const whole = JSON.stringify(envelope).length;
  if (whole <= limit) return envelope;
  // `"name":value` for each field; the separating commas are counted apart.
  const fields = Object.entries(parts.payload).flatMap(([name, value]) => {
    const text = JSON.stringify(value);
    // A value JSON leaves out (undefined, a function) takes no room and is never trimmed.
    return text === undefined ? [] : [{ name, size: JSON.stringify(name).length + 1 + text.length }];
  });
  fields.sort((left, right) => right.size - left.size || left.name.localeCompare(right.name));
  let kept = fields.length;
  let keptSize = fields.reduce((sum, field) => sum + field.size, 0);
  // The envelope without its payload fields: `whole` less every field and the commas between them.
  const frame = whole - keptSize - Math.max(0, kept - 1);
  let trimmedSize = 0;
  const trimmed: string[] = [];
  const size = () => frame + keptSize + Math.max(0, kept - 1) + trimmedSize + Math.max(0, trimmed.length - 1);
  for (const field of fields) {
    if (size() <= limit) break;
    trimmed.push(field.name);
    trimmedSize += JSON.stringify(field.name).length;
    keptSize -= field.size;
    kept--;
  }
  const left = new Set(trimmed);
  const payload = Object.fromEntries(Object.entries(parts.payload).filter(([name]) => !left.has(name)));
  return { ...parts, payload, trimmed };
}
