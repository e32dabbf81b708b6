import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsRunner } from './test-support/run-as-runner.js';

/** Bad inputs fail the step naming the input, and nothing reaches the API (a counting server stands in). */
let server: Server;
let requests = 0;
let connection: Record<string, string>;

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests++;
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  connection = {
    environment: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    'client-id': 'ci-user',
    'client-secret': 'not-a-real-secret-value',
    hostname: 'demo.workspan.com',
  };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const relay = {
  'relay-url': 'https://relay.example.com',
  'relay-route': 'deals',
  'relay-token': 't'.repeat(40),
};

const cases: {
  why: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  input: string;
  says?: RegExp;
}[] = [
  { why: 'no operation', inputs: {}, input: 'operation' },
  {
    why: 'an unknown operation',
    inputs: { operation: 'GetEverything' },
    input: 'operation',
    says: /GetExternalId/,
  },
  {
    why: 'an input the action does not have',
    inputs: { operation: 'GetEventList' },
    env: { INPUT_OBJECTID: 'WS-1' },
    input: 'objectid',
    says: /no such input/,
  },
  {
    why: 'an input the operation does not take',
    inputs: { operation: 'GetExternalId', 'object-id': 'WS-1', 'report-filters': '{}' },
    input: 'report-filters',
    says: /GetExternalId does not take/,
  },
  {
    why: 'a trigger’s event filter given to a report',
    inputs: { operation: 'GetReportData', 'report-id': '1', 'event-filter': 'stage = "won"' },
    input: 'event-filter',
  },
  {
    why: 'a missing required field',
    inputs: { operation: 'GetExternalId' },
    input: 'object-id',
    says: /required/,
  },
  {
    why: 'a number out of range',
    inputs: {
      operation: 'GetBulkloadStatus',
      'integration-id': 'WS-I',
      'execution-id': 'x',
      'max-errors': '-1',
    },
    input: 'max-errors',
  },
  {
    why: 'a choice that is not one',
    inputs: { operation: 'ObjectAudit', 'object-id': 'WS-1', 'status-code': 'DONE', message: 'm' },
    input: 'status-code',
    says: /LINKED/,
  },
  {
    why: 'report filters that do not parse',
    inputs: { operation: 'GetReportData', 'report-id': '1', 'report-filters': '{ op: [' },
    input: 'report-filters',
  },
  {
    why: 'report filters of the wrong shape',
    inputs: { operation: 'GetReportData', 'report-id': '1', 'report-filters': 'op: MAYBE' },
    input: 'report-filters',
  },
  {
    why: 'an event filter with a syntax error',
    inputs: {
      operation: 'SubscribeObjectEvent',
      'integration-id': 'WS-I',
      name: 'n',
      'event-filter': '(stage in ["won"',
      ...relay,
    },
    input: 'event-filter',
  },
  {
    why: 'a file outside the workspace',
    inputs: { operation: 'BulkloadDataFileAttachment', 'integration-id': 'WS-I', file: '../../etc/passwd' },
    input: 'file',
    says: /inside the workspace/,
  },
  {
    why: 'a file that is not there',
    inputs: { operation: 'BulkloadDataFileAttachment', 'integration-id': 'WS-I', file: 'missing.csv' },
    input: 'file',
  },
  {
    why: 'a short relay token',
    inputs: { operation: 'Subscribe', event: 'task.assigned', name: 'n', ...relay, 'relay-token': 'short' },
    input: 'relay-token',
  },
  {
    why: 'a trigger without a relay',
    inputs: { operation: 'SubmitToPartnerCenterObjectEvent', 'integration-id': 'WS-I', name: 'n' },
    input: 'relay-url',
  },
  {
    why: 'a hostname with a scheme',
    inputs: { operation: 'GetEventList', hostname: 'https://app.workspan.com' },
    input: 'hostname',
  },
  {
    why: 'a custom base URL on plain http to another host',
    inputs: { operation: 'GetEventList', environment: 'custom', 'base-url': 'http://example.com' },
    input: 'base-url',
    says: /http only on a loopback address/,
  },
  {
    why: 'a custom environment without a base URL',
    inputs: { operation: 'GetEventList', environment: 'custom' },
    input: 'base-url',
  },
  {
    why: 'a missing secret',
    inputs: { operation: 'GetEventList', 'client-secret': '' },
    input: 'client-secret',
  },
  {
    why: 'fail-on-row-errors without wait',
    inputs: {
      operation: 'BulkloadData',
      'integration-id': 'WS-I',
      data: 'a\n1',
      'fail-on-row-errors': 'true',
    },
    input: 'fail-on-row-errors',
  },
  {
    why: 'a flag that is not true or false',
    inputs: {
      operation: 'BulkloadData',
      'integration-id': 'WS-I',
      data: 'a\n1',
      'wait-for-completion': 'maybe',
    },
    input: 'wait-for-completion',
  },
  {
    why: 'a limit that is not a count',
    inputs: { operation: 'GetReportList', limit: 'all' },
    input: 'limit',
  },
];

describe('bad inputs', () => {
  for (const testCase of cases) {
    it(`${testCase.why} fails the step naming "${testCase.input}"`, async () => {
      const before = requests;
      const result = await runAsRunner({
        inputs: { ...connection, ...testCase.inputs },
        ...(testCase.env ? { env: testCase.env } : {}),
      });
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(`Input "${testCase.input}"`);
      if (testCase.says) expect(result.errors[0]).toMatch(testCase.says);
      expect(result.errors[0]).not.toContain(connection['client-secret']);
      expect(requests - before).toBe(0);
    });
  }
});
