import type { INodeProperties } from 'n8n-workflow';
import { hostParameters } from './form-names';

/** n8n's own batching option, as its HTTP Request node offers it: items sent together, then a pause. */
export const batchingProperty: INodeProperties = {
  displayName: 'Batching',
  name: hostParameters.batching,
  placeholder: 'Add Batching',
  type: 'fixedCollection',
  typeOptions: { multipleValues: false },
  default: { batch: {} },
  options: [
    {
      displayName: 'Batching',
      name: 'batch',
      values: [
        {
          displayName: 'Items per Batch',
          name: 'batchSize',
          type: 'number',
          typeOptions: { minValue: 1 },
          default: 1,
          description:
            "How many items' calls are sent at the same time; 1 sends them one after another. The credential's call budget still paces every call.",
        },
        {
          displayName: 'Batch Interval (ms)',
          name: 'batchInterval',
          type: 'number',
          typeOptions: { minValue: 0 },
          default: 0,
          description: 'Time (in milliseconds) to wait between batches',
        },
      ],
    },
  ],
};

/** How the node sends its items: `size` at a time, `intervalMs` between batches. */
export interface Batching {
  size: number;
  intervalMs: number;
}

/** The batching option as given (absent means one item after another, no pause), or what is wrong with it. */
export function readBatching(value: unknown): Batching | { issue: string } {
  const batch = (value ?? {}) as { batchSize?: unknown; batchInterval?: unknown };
  const size = Number(batch.batchSize ?? 1);
  if (!Number.isInteger(size) || size < 1)
    return {
      issue: `Items per Batch: expected a whole number of 1 or more, got ${JSON.stringify(batch.batchSize)}`,
    };
  const intervalMs = Number(batch.batchInterval ?? 0);
  if (!Number.isFinite(intervalMs) || intervalMs < 0)
    return {
      issue: `Batch Interval (ms): expected 0 or more milliseconds, got ${JSON.stringify(batch.batchInterval)}`,
    };
  return { size, intervalMs };
}
