import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  errorCodes,
  isWorkSpanError,
  WorkSpanAbortedError,
  WorkSpanAnswerTooLargeError,
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
  WorkSpanError,
  WorkSpanOutcomeUnknownError,
  WorkSpanThrottledError,
  WorkSpanTimeoutError,
  WorkSpanValidationError,
} from './errors.js';
import * as clientEntry from './index.js';

const apiError = (status: number) =>
  new WorkSpanApiError({
    status,
    operationId: 'GetExternalId',
    method: 'GET',
    path: '/app/v1/object/x/external_id',
    bodyExcerpt: 'said so',
    retryable: false,
  });

const oneOfEach = () => ({
  WorkSpanValidationError: new WorkSpanValidationError(
    [{ field: 'objectId', expected: 'text' }],
    'GetExternalId',
  ),
  WorkSpanApiError: apiError(404),
  WorkSpanAuthenticationError: new WorkSpanAuthenticationError({
    status: 401,
    operationId: 'token',
    method: 'POST',
    path: '/oauth/token',
    hostname: 'app.workspan.com',
    bodyExcerpt: 'bad secret',
    retryable: false,
  }),
  WorkSpanConnectionError: new WorkSpanConnectionError({
    operationId: 'GetEventList',
    method: 'GET',
    path: '/event/v1/metadata/event',
    transportCode: 'ECONNREFUSED',
  }),
  WorkSpanOutcomeUnknownError: new WorkSpanOutcomeUnknownError({
    operationId: 'Subscribe',
    method: 'POST',
    path: '/event/v1/subscriber',
    reason: 'the connection dropped',
    howToCheck: 'List the subscriptions.',
  }),
  WorkSpanAbortedError: new WorkSpanAbortedError({
    operationId: 'GetEventList',
    method: 'GET',
    path: '/event/v1/metadata/event',
    mayHaveTakenEffect: false,
  }),
  WorkSpanTimeoutError: new WorkSpanTimeoutError('the wait ended'),
  WorkSpanThrottledError: new WorkSpanThrottledError({
    operationId: 'GetEventList',
    method: 'GET',
    path: '/event/v1/metadata/event',
    retryAt: '2030-01-01T00:00:00.000Z',
    maxRetryAfterMs: 120_000,
  }),
  WorkSpanAnswerTooLargeError: new WorkSpanAnswerTooLargeError({
    operationId: 'GetReportData',
    method: 'GET',
    path: '/report/v1/data',
    status: 200,
    limitBytes: 64 * 1024 * 1024,
  }),
});

describe('errors as a contract', () => {
  it('gives every error a code from the closed set, and its class name as its name', () => {
    for (const [name, error] of Object.entries(oneOfEach())) {
      expect(error.name).toBe(name);
      expect(Object.keys(errorCodes)).toContain(error.code);
      expect(isWorkSpanError(error)).toBe(true);
    }
  });

  it('has every exported error class declare its own kind, so isInstance tells them apart', () => {
    const errorClasses = Object.entries(clientEntry).filter(
      (entry): entry is [string, typeof WorkSpanError] =>
        typeof entry[1] === 'function' &&
        (entry[1] === WorkSpanError || entry[1].prototype instanceof WorkSpanError),
    );
    expect(errorClasses.length).toBeGreaterThanOrEqual(9);
    for (const [exportName, value] of errorClasses) {
      expect(Object.hasOwn(value, 'kind'), exportName).toBe(true);
      expect(value.kind).toBe(exportName);
    }
  });

  it('maps HTTP statuses to codes', () => {
    const codes = [400, 401, 403, 404, 409, 413, 415, 429, 500, 502, 503, 504, 200, 307].map(
      (status) => apiError(status).code,
    );
    expect(codes).toEqual([
      'bad-request',
      'authentication',
      'forbidden',
      'not-found',
      'conflict',
      'payload-too-large',
      'bad-request',
      'throttled',
      'server-error',
      'server-error',
      'server-error',
      'server-error',
      'invalid-response',
      'redirect',
    ]);
    const timedOut = new WorkSpanConnectionError({
      operationId: 'GetEventList',
      method: 'GET',
      path: '/event/v1/metadata/event',
      transportCode: 'timeout',
    });
    expect(timedOut).toMatchObject({ code: 'timeout', transportCode: 'timeout', retryable: true });
  });

  it('recognises kinds with isInstance, subclasses included', () => {
    const errors = oneOfEach();
    expect(WorkSpanApiError.isInstance(errors.WorkSpanAuthenticationError)).toBe(true);
    expect(WorkSpanAuthenticationError.isInstance(errors.WorkSpanApiError)).toBe(false);
    expect(WorkSpanError.isInstance(errors.WorkSpanTimeoutError)).toBe(true);
    expect(WorkSpanConnectionError.isInstance(errors.WorkSpanTimeoutError)).toBe(false);
    for (const value of [new Error('plain'), { code: 'validation' }, null, undefined, 'WorkSpanError']) {
      expect(WorkSpanError.isInstance(value)).toBe(false);
    }
  });

  it('keeps hint and howToCheck beside the message, not in it', () => {
    const { WorkSpanOutcomeUnknownError: unknown, WorkSpanApiError: notFound } = oneOfEach();
    expect(unknown.howToCheck).toBe('List the subscriptions.');
    expect(unknown.message).not.toContain('List the subscriptions.');
    expect(notFound.hint).toMatch(/Check that the id exists/);
    expect(notFound.message).toBe(
      'GetExternalId failed with HTTP 404 (GET /app/v1/object/x/external_id): said so.',
    );
  });

  it('says where a connection error happened', () => {
    expect(oneOfEach().WorkSpanConnectionError).toMatchObject({
      operationId: 'GetEventList',
      method: 'GET',
      path: '/event/v1/metadata/event',
      code: 'connection',
    });
  });

  it('turns into plain data without its cause, and keeps the brand out of sight', () => {
    const error = new WorkSpanConnectionError({
      operationId: 'GetEventList',
      method: 'GET',
      path: '/event/v1/metadata/event',
      transportCode: 'ECONNRESET',
      cause: new Error('socket details'),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'WorkSpanConnectionError',
      message: error.message,
      code: 'connection',
      retryable: true,
      hint: error.hint,
      operationId: 'GetEventList',
      method: 'GET',
      path: '/event/v1/metadata/event',
      transportCode: 'ECONNRESET',
    });
    expect(Object.getOwnPropertySymbols(error).map(String)).toEqual(['Symbol(workspan-kit.error)']);
    expect(inspect(error)).not.toContain('workspan-kit.error');
  });
});
