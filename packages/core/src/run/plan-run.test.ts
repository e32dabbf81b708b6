import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { WorkSpanValidationError } from '../errors.js';
import { describeFailure } from '../shared-by-hosts/describe-failure.js';
import { fieldNamers } from '../shared-by-hosts/field-names.js';
import { planRun } from './plan-run.js';
import { isRunOptionShown, type RunOptionField, runOptionFields } from './run-options.js';

const load = { integrationId: 'WS-Integration_crm_opportunity', data: 'name\nAcme', dataFormat: 'csv' };

function refusal(run: () => unknown): WorkSpanValidationError {
  try {
    run();
  } catch (error) {
    if (WorkSpanValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the plan to be refused');
}

describe('planRun', () => {
  it('refuses a poll interval below the floor before anything is sent, naming it', () => {
    const error = refusal(() =>
      planRun(catalogue.BulkloadData, load, { waitForCompletion: true, pollInterval: 500 }),
    );
    expect(error.issues).toEqual([{ field: 'pollInterval', expected: expect.stringContaining('1000') }]);
    expect(
      describeFailure(error, { namer: fieldNamers.n8n, operation: catalogue.BulkloadData }).message,
    ).toBe('Poll Interval (ms): expected a whole number from 1000 to 2147483647 (got 500)');
  });

  it('checks every run option, as text, numbers or booleans, with the fields in one error', () => {
    const error = refusal(() =>
      planRun(
        catalogue.BulkloadData,
        { ...load, integrationId: '' },
        { waitForCompletion: 'perhaps', waitTimeout: '-1', failOnRowErrors: true },
      ),
    );
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'integrationId',
      'waitForCompletion',
      'waitTimeout',
      'failOnRowErrors',
    ]);
  });

  it('refuses options the operation does not offer, and paging values out of range', () => {
    expect(refusal(() => planRun(catalogue.GetIntegrationList, {}, { limit: 5 })).issues[0]?.field).toBe(
      'limit',
    );
    expect(refusal(() => planRun(catalogue.GetReportList, {}, { limit: 0 })).issues[0]?.field).toBe('limit');
  });

  it('reads options given as host text and fills in the defaults', () => {
    const plan = planRun(catalogue.BulkloadData, load, {
      waitForCompletion: 'true',
      pollInterval: '1500',
      failOnRowErrors: '',
    });
    expect(plan.mode).toBe('bulkload');
    expect(plan.options).toMatchObject({
      waitForCompletion: true,
      pollIntervalMs: 1500,
      failOnRowErrors: false,
      waitTimeoutMs: 1_800_000,
    });
  });

  it('reads one page when a page number is given, pages otherwise', () => {
    expect(planRun(catalogue.GetReportList, {}).mode).toBe('pages');
    expect(planRun(catalogue.GetReportList, { pageNumber: '2' }).mode).toBe('page');
    expect(planRun(catalogue.GetIntegrationList, {}).mode).toBe('once');
  });

  it('offers the run options the behaviours call for', () => {
    expect(runOptionFields(catalogue.GetReportData).map((option) => option.name)).toEqual([
      'returnAll',
      'limit',
    ]);
    expect(runOptionFields(catalogue.BulkloadData).map((option) => option.name)).toEqual([
      'waitForCompletion',
      'failOnRowErrors',
      'pollInterval',
      'waitTimeout',
    ]);
    expect(runOptionFields(catalogue.ObjectAudit)).toEqual([]);
  });
});

describe('isRunOptionShown', () => {
  const option = (name: string) =>
    runOptionFields(catalogue.BulkloadData).find((candidate) => candidate.name === name) as RunOptionField;
  it('shows the waiting options only when waiting, reading host values as the options do', () => {
    const shown = (values: Record<string, unknown>) =>
      isRunOptionShown(option('pollInterval'), catalogue.BulkloadData, values);
    expect(shown({})).toBe(false);
    expect(shown({ waitForCompletion: null })).toBe(false);
    expect(shown({ waitForCompletion: 'true' })).toBe(true);
    expect(shown({ waitForCompletion: false })).toBe(false);
    expect(isRunOptionShown(option('waitForCompletion'), catalogue.BulkloadData, {})).toBe(true);
  });
});
