import { minimumPollIntervalMs } from '../bulk/wait-for-bulkload.js';

/** An option a host adds beside an operation's own fields (not sent to WorkSpan). */
export interface FollowUpField {
  name: 'waitForCompletion' | 'pollInterval' | 'waitTimeout' | 'failOnRowErrors';
  label: string;
  description: string;
  kind: 'boolean' | 'number';
  default: boolean | number;
  minimum?: number;
  /** Shown only when the named option is on. */
  visibleWhen?: { waitForCompletion: readonly [true] };
}

/** What hosts offer with every operation that starts a bulk load; one description for all. */
export const bulkloadFollowUpFields: readonly FollowUpField[] = [
  {
    name: 'waitForCompletion',
    label: 'Wait for Completion',
    description: 'Wait until the load completes, then return its final status with counts and row errors.',
    kind: 'boolean',
    default: false,
  },
  {
    name: 'failOnRowErrors',
    label: 'Fail on Row Errors',
    description:
      'Fail when some rows were refused. A load that wrote no row at all fails whatever this says.',
    kind: 'boolean',
    default: false,
    visibleWhen: { waitForCompletion: [true] },
  },
  {
    name: 'pollInterval',
    label: 'Poll Interval (ms)',
    description: `Time between status checks, at least ${minimumPollIntervalMs} ms; waiting never uses more than a quarter of the connection's 100 calls per minute.`,
    kind: 'number',
    default: 2000,
    minimum: minimumPollIntervalMs,
    visibleWhen: { waitForCompletion: [true] },
  },
  {
    name: 'waitTimeout',
    label: 'Wait Timeout (ms)',
    description: 'Stop waiting after this long; the load goes on in WorkSpan.',
    kind: 'number',
    default: 30 * 60_000,
    minimum: 1,
    visibleWhen: { waitForCompletion: [true] },
  },
];
