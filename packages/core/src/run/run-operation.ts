import { type BulkloadStatus, waitForBulkload } from '../bulk/wait-for-bulkload.js';
import type { AnyOperation } from '../catalogue/index.js';
import type { CallOptions, WorkSpanClient } from '../client/client.js';
import { WorkSpanApiError } from '../errors.js';
import {
  type BulkloadSummary,
  bulkloadFailure,
  summarizeBulkload,
} from '../shared-by-hosts/bulkload-outcome.js';
import { withNotFoundField } from './not-found.js';
import type { RunPlan } from './plan-run.js';
import { at, readPages } from './read-pages.js';

/** The bulk load a run started: the key of its status call. */
export interface StartedLoad {
  integrationId: string;
  executionId: string;
}

/** What a run reports while it goes on; hosts show it their own way (a status, a bar, a log line). */
export type RunProgress =
  | { kind: 'page'; pageNumber: number; items: readonly unknown[]; itemsSoFar: number }
  | { kind: 'bulkload-started'; load: StartedLoad; answer: unknown }
  | { kind: 'bulkload-status'; load: StartedLoad; status: BulkloadStatus; summary: BulkloadSummary };

/** What a run gave, for the host to format. */
export type RunOutcome =
  | { kind: 'answer'; answer: unknown }
  | {
      kind: 'items';
      /** Every item read (empty when the host asked not to keep them). */
      items: unknown[];
      itemCount: number;
      /** The last page's answer (its end-of-list flag, its version). */
      lastPage: unknown;
    }
  | {
      kind: 'bulkload';
      /** WorkSpan's answer to starting the load. */
      answer: unknown;
      load: StartedLoad;
      /** The final status, when the run waited for it. */
      status?: BulkloadStatus;
      summary?: BulkloadSummary;
    };

export interface RunOperationOptions {
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** The connection's call budget, which waiting spends at most a quarter of. */
  callBudget?: { limit: number; windowMs: number };
  /** False when the host sends each page on as it comes (`onProgress`) and needs no list at the end. */
  keepItems?: boolean;
}

/**
 * Runs a checked plan, the one way every host runs an operation: one call; one page or page
 * after page; or a bulk load started, then (when asked) followed to its end and judged by
 * `bulkloadFailure`. Errors are core's; a 404 names the field that carried the unknown id.
 */
export async function runOperation(
  client: WorkSpanClient,
  plan: RunPlan,
  options: RunOperationOptions = {},
): Promise<RunOutcome> {
  const callOptions: CallOptions = options.signal ? { signal: options.signal } : {};
  const call = async (input: Readonly<Record<string, unknown>>) => {
    try {
      return await client.call(plan.operation, input, callOptions);
    } catch (error) {
      throw withNotFoundField(error, plan.operation, input);
    }
  };
  switch (plan.mode) {
    case 'once':
      return { kind: 'answer', answer: await call(plan.input) };
    case 'page':
    case 'pages':
      return await readItems(plan, call, options);
    case 'bulkload':
      return await followBulkload(client, plan, await call(plan.input), options);
  }
}

async function readItems(
  plan: RunPlan,
  call: (input: Readonly<Record<string, unknown>>) => Promise<unknown>,
  options: RunOperationOptions,
): Promise<RunOutcome> {
  const keep = options.keepItems ?? true;
  const items: unknown[] = [];
  let itemCount = 0;
  let lastPage: unknown;
  const limit = plan.options.returnAll ? undefined : plan.options.limit;
  const onPage = (pageNumber: number, page: unknown, pageItems: readonly unknown[]) => {
    lastPage = page;
    itemCount += pageItems.length;
    if (keep) items.push(...pageItems);
    options.onProgress?.({ kind: 'page', pageNumber, items: pageItems, itemsSoFar: itemCount });
  };
  if (plan.mode === 'page') {
    const paging = plan.operation.behaviours.paging;
    const page = await call(plan.input);
    const results = paging ? at(page, paging.resultsPath) : undefined;
    const all = Array.isArray(results) ? results : [];
    onPage(
      valuesOf(plan)[paging?.pageNumberField ?? ''] as number,
      page,
      limit === undefined ? all : all.slice(0, limit),
    );
  } else {
    const pages = readPages(plan.operation, plan.input, call, {
      ...(limit === undefined ? {} : { limit }),
      onPage,
    });
    for await (const _item of pages) {
      // Items are taken page by page in onPage.
    }
  }
  return { kind: 'items', items, itemCount, lastPage };
}

async function followBulkload(
  client: WorkSpanClient,
  plan: RunPlan,
  answer: unknown,
  options: RunOperationOptions,
): Promise<RunOutcome> {
  const behaviour = plan.operation.behaviours.bulkload as NonNullable<AnyOperation['behaviours']['bulkload']>;
  const executionId = at(answer, behaviour.executionIdPath);
  const integrationId = valuesOf(plan)[behaviour.integrationField];
  if (typeof executionId !== 'string' || executionId === '') {
    throw new WorkSpanApiError({
      status: 200,
      operationId: plan.operation.id,
      method: plan.operation.http.method,
      path: plan.operation.http.path,
      bodyExcerpt: '',
      retryable: false,
      code: 'invalid-response',
      hint: `WorkSpan started the load but its answer carried no ${behaviour.executionIdPath}; find the load in WorkSpan before loading again.`,
    });
  }
  const load: StartedLoad = { integrationId: String(integrationId), executionId };
  options.onProgress?.({ kind: 'bulkload-started', load, answer });
  if (!plan.options.waitForCompletion) return { kind: 'bulkload', answer, load };
  const status = await waitForBulkload(client, load, {
    intervalMs: plan.options.pollIntervalMs,
    timeoutMs: plan.options.waitTimeoutMs,
    ...(options.callBudget ? { callBudget: options.callBudget } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (current) =>
      options.onProgress?.({
        kind: 'bulkload-status',
        load,
        status: current,
        summary: summarizeBulkload(current),
      }),
  });
  const failure = bulkloadFailure(status, { failOnRowErrors: plan.options.failOnRowErrors });
  if (failure) throw failure;
  return { kind: 'bulkload', answer, load, status, summary: summarizeBulkload(status) };
}

const valuesOf = (plan: RunPlan) => plan.input as Readonly<Record<string, unknown>>;
