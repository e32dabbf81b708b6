import { describe, expect, it } from 'vitest';
import { dispatchEnvelopeSchema, dispatchEventType, repositoryDispatchLimits } from './dispatch-envelope.js';

describe('the dispatch envelope', () => {
  it('fits GitHub’s key limit and names event types within 100 characters', () => {
    expect(Object.keys(dispatchEnvelopeSchema.shape).length).toBeLessThanOrEqual(
      repositoryDispatchLimits.topLevelKeys,
    );
    expect(dispatchEventType('object.stage_change')).toBe('workspan.object.stage_change');
    expect(dispatchEventType('e'.repeat(200))).toHaveLength(100);
  });

  it('refuses a payload that is not an object', () => {
    const envelope = { event: 'x', route: 'r', delivery_id: 'd', received_at: 't', trimmed: [] };
    expect(dispatchEnvelopeSchema.safeParse({ ...envelope, payload: {} }).success).toBe(true);
    expect(dispatchEnvelopeSchema.safeParse({ ...envelope, payload: [1] }).success).toBe(false);
  });
});
