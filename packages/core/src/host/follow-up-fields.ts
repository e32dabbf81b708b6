import { bulkloadRunOptions, type RunOptionField } from '../run/run-options.js';

/** An option a host adds beside a bulk load's fields; the run options' bulk-load part. */
export type FollowUpField = RunOptionField & {
  name: 'waitForCompletion' | 'pollInterval' | 'waitTimeout' | 'failOnRowErrors';
};

/** What hosts offer with every operation that starts a bulk load; one description for all. */
export const bulkloadFollowUpFields = bulkloadRunOptions as readonly FollowUpField[];
