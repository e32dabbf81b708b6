import { catalogue, operationIds } from '@workspan-kit/core';
import { describe, expect, it } from 'vitest';
import { operationAnnotations } from './tool-annotations.js';

const hints = (id: keyof typeof catalogue) => operationAnnotations(catalogue[id], 'title');

describe('tool annotations from the catalogue', () => {
  it('mark reads read-only, POST report reads included', () => {
    for (const id of ['GetReportData', 'GetReportList', 'GetBulkloadStatus', 'GetIntegrationList'] as const)
      expect(hints(id)).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
  });

  it('mark overwriting and deleting calls destructive, and creating calls not idempotent', () => {
    expect(hints('BulkloadData')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
    expect(hints('UpdateExternalId')).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(hints('DeleteSubscriber')).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(hints('ObjectAudit')).toMatchObject({ readOnlyHint: false, idempotentHint: false });
  });

  it('say every operation reaches a system outside the server', () => {
    for (const id of operationIds) expect(hints(id).openWorldHint).toBe(true);
  });
});
