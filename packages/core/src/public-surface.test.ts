import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Read from the build, as users get it: a change to what an entry exports shows up here.
const entry = async (name: string) => Object.keys(await import(`../dist/${name}.js`)).sort();

describe('the public surface', () => {
  it('of the pure entry, @workspan-kit/core/spec', async () => {
    expect(await entry('spec')).toMatchInlineSnapshot(`
      [
        "EventFilterSyntaxError",
        "Redactor",
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
        "answerList",
        "answerListPath",
        "buildCallbackUrl",
        "bulkloadFailure",
        "bulkloadRunOptions",
        "callbackTokenDigest",
        "callbackTokenParameter",
        "callbackUrlWithoutToken",
        "catalogue",
        "checkDelivery",
        "choiceLabel",
        "compileEventFilter",
        "connectionFields",
        "connectionFromFields",
        "connectionProblems",
        "constantTimeEqual",
        "createCallbackToken",
        "createDeliveryReceiver",
        "createListDedupeStore",
        "createMemoryDedupeStore",
        "customEnvironment",
        "dataSourceSchema",
        "defaultDeliveryBodyLimit",
        "defaultDeliveryMaxDepth",
        "deleteSubscription",
        "deliveryAsItem",
        "deliveryDedupeKey",
        "deliveryHeaders",
        "deliveryMetadataKey",
        "describeConnectionProblems",
        "describeEventFilter",
        "describeFailure",
        "describeField",
        "describeHostIssues",
        "describeNotFound",
        "desiredSubscription",
        "dispatchEnvelopeSchema",
        "dispatchEventType",
        "environmentFromFields",
        "environments",
        "errorCodes",
        "evaluateEventFilter",
        "failureText",
        "field",
        "fieldJsonSchema",
        "fieldLabel",
        "fieldNamers",
        "fieldSpecification",
        "fieldValueFromHost",
        "fileSourceSchema",
        "formatFromFile",
        "getOperation",
        "getResource",
        "hostIssues",
        "hostSpecification",
        "inputFromHost",
        "isAsyncIterable",
        "isFilePathSource",
        "isLoopback",
        "isRunOptionShown",
        "isWorkSpanError",
        "kebabCase",
        "lengthLimits",
        "listSources",
        "listSubscribers",
        "listSubscriptions",
        "maximumEventFilterNesting",
        "minimumPollIntervalMs",
        "nestingDepthExceeds",
        "notFoundFields",
        "objectEventNames",
        "objectIdentityFields",
        "operationIds",
        "operationSpecification",
        "outputFields",
        "pagingRunOptions",
        "parseEventFilter",
        "parseReportDate",
        "planRun",
        "pollIntervalFor",
        "portalOperations",
        "readRunOptions",
        "readSubscriberList",
        "readSubscription",
        "receiveDelivery",
        "reconcileSubscriptions",
        "redactPatterns",
        "redeliveryWindowMs",
        "reportColumnTypes",
        "reportFieldFilterSchema",
        "reportFilterContainerSchema",
        "reportFilterOperators",
        "reportFilterSchema",
        "reportFilters",
        "reportSummarySchema",
        "repositoryDispatchLimits",
        "resolveConnection",
        "resources",
        "rowsToCsv",
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
        "prepareRequest",
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

  it('keeps the pure entry and every chunk it loads free of the client and its transport', () => {
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
    expect(seen.size).toBeGreaterThan(1);
  });
});
