import { describe, expect, it } from 'vitest';
import { catalogue, operationIds } from './index.js';

describe("each operation's effect on WorkSpan's data", () => {
  const operations = operationIds.map((id) => catalogue[id]);

  it('says a GET reads and a DELETE removes', () => {
    for (const operation of operations) {
      if (operation.http.method === 'GET') expect(operation.effect, operation.id).toBe('read');
      if (operation.http.method === 'DELETE') expect(operation.effect, operation.id).toBe('remove');
    }
  });

  it('never calls a creating operation a read, and a subscription only adds', () => {
    for (const operation of operations) {
      if (operation.creates) expect(operation.effect, operation.id).not.toBe('read');
      if (operation.kind === 'trigger') expect(operation.effect, operation.id).toBe('add');
    }
  });

  it('knows that reports are read with a POST, and that bulk loads overwrite what they upsert', () => {
    expect(catalogue.GetReportData.effect).toBe('read');
    expect(catalogue.GetReportList.effect).toBe('read');
    expect(catalogue.BulkloadData.effect).toBe('replace');
    expect(catalogue.UpdateExternalId.effect).toBe('replace');
  });
});
