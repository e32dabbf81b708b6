import { describe, expect, it } from 'vitest';
import {
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
  WorkSpanValidationError,
} from '../errors.js';
import { connectionProblems, describeConnectionProblems } from './connection-problem.js';
import { fieldNamers } from './field-names.js';

const connection = { environment: 'http://127.0.0.1:4010', hostname: 'acme.workspan.app' };
const tokenAnswer = (status: number, serverCode?: string) => ({
  status,
  operationId: 'token',
  method: 'POST',
  path: '/oauth/token',
  bodyExcerpt: 'refused',
  serverCode,
  retryable: false,
});

describe('which connection field a failure points at', () => {
  it('names the application user when WorkSpan refuses it, since it does not say which of the two', () => {
    const problems = connectionProblems(new WorkSpanAuthenticationError(tokenAnswer(401)), connection);
    expect(problems).toEqual([
      {
        fields: ['clientId', 'clientSecret'],
        reason: expect.stringContaining('acme.workspan.app (HTTP 401)'),
      },
    ]);
    expect(describeConnectionProblems(problems ?? [], fieldNamers.n8n)).toMatch(
      /^Application User ID or Application User Secret: WorkSpan refused the application user/,
    );
  });

  it('names the app hostname when WorkSpan knows none of that name', () => {
    for (const code of ['unknown_environment', 'missing_environment']) {
      const problems = connectionProblems(
        new WorkSpanAuthenticationError(tokenAnswer(400, code)),
        connection,
      );
      expect(problems?.[0]?.fields).toEqual(['hostname']);
      expect(problems?.[0]?.reason).toContain('"acme.workspan.app"');
    }
  });

  it('names the environment when nothing answers there, in words rather than a socket code', () => {
    const error = new WorkSpanConnectionError({
      operationId: 'token',
      method: 'POST',
      path: '/oauth/token',
      transportCode: 'ECONNREFUSED',
    });
    const problems = connectionProblems(error, connection) ?? [];
    expect(problems[0]).toEqual({
      fields: ['environment'],
      reason: expect.stringContaining('at http://127.0.0.1:4010 (connection refused)'),
    });
    expect(describeConnectionProblems(problems, fieldNamers.cli)).toMatch(/^--environment: /);
  });

  it('turns settings refused before sending into one problem per field', () => {
    const error = new WorkSpanValidationError([
      { field: 'clientId', expected: 'the application user id (not empty)' },
      { field: 'hostname', expected: 'a host name' },
    ]);
    expect(describeConnectionProblems(connectionProblems(error, connection) ?? [], fieldNamers.n8n)).toBe(
      'Application User ID: expected the application user id (not empty); WorkSpan App Hostname: expected a host name',
    );
  });

  it('points at the environment for any other failed token answer, and at nothing for other calls', () => {
    const tokenFailure = new WorkSpanApiError(tokenAnswer(502));
    expect(connectionProblems(tokenFailure, connection)?.[0]?.fields).toEqual(['environment']);
    const otherCall = new WorkSpanApiError({ ...tokenAnswer(404), operationId: 'GetIntegrations' });
    expect(connectionProblems(otherCall, connection)).toBeUndefined();
    expect(
      connectionProblems(
        new WorkSpanValidationError([{ field: 'integrationId', expected: 'an id' }]),
        connection,
      ),
    ).toBeUndefined();
    expect(connectionProblems(new Error('boom'), connection)).toBeUndefined();
  });
});
