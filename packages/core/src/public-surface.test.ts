import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Read from the build, as users get it: a change to what an entry exports shows up here.
const entry = async (name: string) => Object.keys(await import(`../dist/${name}.js`)).sort();

describe('the public surface', () => {
  it('of the pure entry, @workspan-kit/core/spec', async () => {
    expect(await entry('spec')).toMatchInlineSnapshot(`
      [
        "EventFilterSyntaxError",
        "ReportColumn",
        "WorkSpanAbortedError",
        "WorkSpanAnswerTooLargeError",
        "WorkSpanApiError",
        "WorkSpanAuthenticationError",
        "WorkSpanBulkloadFailedError",
        "WorkSpanBulkloadWaitTimeoutError",
        "WorkSpanConnectionError",
        "WorkSpanError",
        "WorkSpanNotFoundError",
        "WorkSpanOutcomeUnknownError",
        "WorkSpanThrottledError",
        "WorkSpanTimeoutError",
        "WorkSpanValidationError",
        "buildCallbackUrl",
        "bulkloadFailure",
        "callbackTokenParameter",
        "catalogue",
        "compileEventFilter",
        "connectionFields",
        "connectionFromFields",
        "createCallbackToken",
        "createDeliveryReceiver",
        "createListDedupeStore",
        "createMemoryDedupeStore",
        "defaultDeliveryBodyLimit",
        "defaultDeliveryMaxDepth",
        "deleteSubscription",
        "deliveryAsItem",
        "deliveryHeaders",
        "deliveryMetadataKey",
        "describeEventFilter",
        "describeFailure",
        "describeField",
        "desiredSubscription",
        "environments",
        "errorCodes",
        "evaluateEventFilter",
        "failureText",
        "fieldNamers",
        "getOperation",
        "getResource",
        "hostIssues",
        "hostSpecification",
        "inputFromHost",
        "isRunOptionShown",
        "isWorkSpanError",
        "lengthLimits",
        "listSources",
        "listSubscriptions",
        "maximumEventFilterNesting",
        "objectEventNames",
        "operationIds",
        "outputFields",
        "parseEventFilter",
        "planRun",
        "readSubscription",
        "receiveDelivery",
        "reconcileSubscriptions",
        "redeliveryWindowMs",
        "reportColumnTypes",
        "reportFilterOperators",
        "reportFilters",
        "resolveConnection",
        "resources",
        "runDefaults",
        "runOptionFields",
        "subscribeTrigger",
        "subscriptionMatches",
        "summarizeBulkload",
        "validateInput",
        "withFileFormat",
      ]
    `);
  });

  it('of the client entry, @workspan-kit/core: the pure entry and the client', async () => {
    const spec = new Set(await entry('spec'));
    expect((await entry('index')).filter((name) => !spec.has(name))).toMatchInlineSnapshot(`
      [
        "Throttle",
        "TransportFailure",
        "WorkSpanClient",
        "defaultRetryOptions",
        "defaultThrottle",
        "iterateReportData",
        "iterateReportList",
        "readListChoices",
        "requestAccessToken",
        "runOperation",
        "waitForBulkload",
      ]
    `);
  });

  it('of the Node entry, @workspan-kit/core/node: the client entry and Node defaults', async () => {
    const index = new Set(await entry('index'));
    expect((await entry('node')).filter((name) => !index.has(name))).toMatchInlineSnapshot(`
      [
        "createUndiciTransport",
        "createWorkSpanClient",
        "nodeClock",
        "nodeFileAccess",
        "readCappedBody",
      ]
    `);
  });

  it('of the internal entry, @workspan-kit/core/internal: what the sibling packages share, no promise', async () => {
    expect(await entry('internal')).toMatchInlineSnapshot(`
      [
        "Redactor",
        "answerList",
        "bulkloadRunOptions",
        "callbackTokenDigest",
        "callbackUrlWithoutToken",
        "checkDelivery",
        "choiceLabel",
        "connectionProblems",
        "constantTimeEqual",
        "describeConnectionProblems",
        "dispatchEnvelopeSchema",
        "dispatchEventType",
        "fieldJsonSchema",
        "fieldLabel",
        "fieldSpecification",
        "fieldValueFromHost",
        "isLoopback",
        "kebabCase",
        "notFoundFields",
        "olderNodeMessage",
        "pagingRunOptions",
        "parseReportDate",
        "portalOperations",
        "repositoryDispatchLimits",
        "rowsToCsv",
      ]
    `);
  });

  it('keeps the pure and internal entries and every chunk they load free of the client and its transport', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/from ["'](undici|node:[a-z]+)["']/);
      expect(text, file).not.toMatch(/class WorkSpanClient/);
      for (const match of text.matchAll(/from ["']\.\/([^"']+)["']/g)) visit(match[1] as string);
    };
    visit('spec.js');
    visit('internal.js');
    expect(seen.size).toBeGreaterThan(2);
  });
});
