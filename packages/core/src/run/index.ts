export { notFoundFields } from './not-found.js';
export { planRun, type RunMode, type RunPlan } from './plan-run.js';
export {
  bulkloadRunOptions,
  isRunOptionShown,
  pagingRunOptions,
  type RunOptionField,
  type RunOptionName,
  type RunOptions,
  readRunOptions,
  runDefaults,
  runOptionFields,
} from './run-options.js';
