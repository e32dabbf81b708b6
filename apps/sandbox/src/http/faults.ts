import { isPlainObject } from '../shared/util.js';
import { ApiError, errorCodeFor } from './errors.js';

/** Failure injection, settable at start (`faults`, `--faults`) and at run time (`PUT /_sandbox/faults`). */
export interface FaultSpec {
  /** Milliseconds added before every answer. */
  latencyMs?: number;
  /** Probability per call of answering with that status, e.g. `{ "503": 0.2 }`. */
  errorRates?: Record<string, number>;
  /** The next `count` API calls get 429 with `Retry-After: retryAfterSeconds` (default 1). */
  burst429?: { count: number; retryAfterSeconds?: number };
  /** The next N requests: the socket is destroyed before the body is read (provably not processed). */
  dropBeforeBody?: number;
  /** The next N requests are processed, then the socket is destroyed without an answer. */
  dropAfterBody?: number;
  /** Lifetime of tokens issued while set (overrides `tokenLifetimeSeconds`). */
  tokenLifetimeSeconds?: number;
  /** Apply the faults only to these operationIds (the token call is `Token`); all calls when absent. */
  operations?: string[];
}

const nonNegativeInteger = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks a fault spec from JSON; returns the problems (empty when valid). */
export function checkFaultSpec(value: unknown): string[] {
  if (!isPlainObject(value)) return ['faults must be a JSON object'];
  const problems: string[] = [];
  const known = new Set([
    'latencyMs',
    'errorRates',
    'burst429',
    'dropBeforeBody',
    'dropAfterBody',
    'tokenLifetimeSeconds',
    'operations',
  ]);
  for (const key of Object.keys(value)) if (!known.has(key)) problems.push(`unknown fault '${key}'`);
  if (value.latencyMs !== undefined && !nonNegativeInteger(value.latencyMs)) {
    problems.push('latencyMs must be a non-negative integer');
  }
  if (value.errorRates !== undefined) {
    if (!isPlainObject(value.errorRates))
      problems.push('errorRates must be an object of status → probability');
    else {
      for (const [status, rate] of Object.entries(value.errorRates)) {
        const code = Number(status);
        if (!Number.isInteger(code) || code < 400 || code > 599)
          problems.push(`errorRates key '${status}' is not a 4xx/5xx status`);
        if (typeof rate !== 'number' || rate < 0 || rate > 1)
          problems.push(`errorRates['${status}'] must be between 0 and 1`);
      }
    }
  }
  if (value.burst429 !== undefined) {
    const burst = value.burst429;
    if (!isPlainObject(burst) || !nonNegativeInteger(burst.count)) {
      problems.push('burst429 must be { count, retryAfterSeconds? } with a non-negative integer count');
    } else if (burst.retryAfterSeconds !== undefined && !nonNegativeInteger(burst.retryAfterSeconds)) {
      problems.push('burst429.retryAfterSeconds must be a non-negative integer');
    }
  }
  for (const key of ['dropBeforeBody', 'dropAfterBody'] as const) {
    if (value[key] !== undefined && !nonNegativeInteger(value[key]))
      problems.push(`${key} must be a non-negative integer`);
  }
  if (value.tokenLifetimeSeconds !== undefined) {
    const v = value.tokenLifetimeSeconds;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      problems.push('tokenLifetimeSeconds must be an integer >= 1');
  }
  if (value.operations !== undefined) {
    if (!Array.isArray(value.operations) || value.operations.some((o) => typeof o !== 'string')) {
      problems.push('operations must be an array of operationIds');
    }
  }
  return problems;
}

export type FaultDecision =
  | { action: 'none'; dropAfterBody: boolean }
  | { action: 'dropBeforeBody' }
  | { action: 'error'; error: ApiError; dropAfterBody: boolean };

/** The current faults and their remaining counters. */
export class Faults {
  private spec: FaultSpec = {};
  private readonly random: () => number;

  constructor(initial?: FaultSpec, random: () => number = Math.random) {
    this.random = random;
    if (initial) this.set(initial);
  }

  /** Replaces the faults (throws on an invalid spec). */
  set(spec: FaultSpec): void {
    const problems = checkFaultSpec(spec);
    if (problems.length > 0) throw new ApiError(400, 'invalid_faults', `${problems.join('; ')}.`);
    this.spec = structuredClone(spec);
  }

  clear(): void {
    this.spec = {};
  }

  get(): FaultSpec {
    return structuredClone(this.spec);
  }

  /** Token lifetime override while set. */
  tokenLifetimeSeconds(operations: readonly string[]): number | undefined {
    return this.applies(operations) ? this.spec.tokenLifetimeSeconds : undefined;
  }

  latencyMs(operations: readonly string[]): number {
    return this.applies(operations) ? (this.spec.latencyMs ?? 0) : 0;
  }

  private applies(operations: readonly string[]): boolean {
    const only = this.spec.operations;
    if (!only || only.length === 0) return true;
    return operations.some((operation) => only.includes(operation));
  }

  /**
   * Decides what happens to a request before its body is read. Counters are consumed here.
   * `apiCall` is false for the token call, which `burst429` leaves alone (it is never rate limited).
   */
  decide(operations: readonly string[], apiCall: boolean): FaultDecision {
    if (!this.applies(operations)) return { action: 'none', dropAfterBody: false };
    const spec = this.spec;
    if (spec.dropBeforeBody && spec.dropBeforeBody > 0) {
      spec.dropBeforeBody--;
      return { action: 'dropBeforeBody' };
    }
    let dropAfterBody = false;
    if (spec.dropAfterBody && spec.dropAfterBody > 0) {
      spec.dropAfterBody--;
      dropAfterBody = true;
    }
    if (apiCall && spec.burst429 && spec.burst429.count > 0) {
      spec.burst429.count--;
      const retryAfter = Math.max(0, spec.burst429.retryAfterSeconds ?? 1);
      const error = new ApiError(429, 'rate_limited', 'Too many requests (injected fault burst429).', {
        'retry-after': String(retryAfter),
      });
      return { action: 'error', error, dropAfterBody };
    }
    for (const [status, rate] of Object.entries(spec.errorRates ?? {})) {
      if (rate > 0 && this.random() < rate) {
        const code = errorCodeFor(Number(status)) ?? 'injected_fault';
        const headers: Record<string, string> =
          status === '429' || status === '503' ? { 'retry-after': '1' } : {};
        const error = new ApiError(Number(status), code, `Injected fault: HTTP ${status}.`, headers);
        return { action: 'error', error, dropAfterBody };
      }
    }
    return { action: 'none', dropAfterBody };
  }
}

/** Parses the `--faults` flag (JSON). */
export function parseFaultsFlag(text: string): FaultSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--faults must be JSON: ${(error as Error).message}`);
  }
  const problems = checkFaultSpec(value);
  if (problems.length > 0) throw new Error(`--faults: ${problems.join('; ')}`);
  return value as FaultSpec;
}
