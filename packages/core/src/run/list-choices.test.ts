import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkSpanClient } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { readListChoices } from './list-choices.js';

let server: Awaited<ReturnType<typeof startWireServer>>;
const reports = Array.from({ length: 3 }, (_, index) => ({
  id: index + 1,
  name: index === 2 ? '' : `Report ${index + 1}`,
}));

beforeAll(async () => {
  server = await startWireServer({
    handler: (request, response) => {
      if (request.url.includes('/report/v1/list')) {
        const { page } = JSON.parse(request.body.toString()) as { page: { number: number; size: number } };
        const results = reports.slice(page.number * page.size, (page.number + 1) * page.size);
        return json(response, 200, { results, endOfList: (page.number + 1) * page.size >= reports.length });
      }
      return json(response, 200, {
        integrations: [{ integration_id: 'WS-1', name: 'CRM', description: 'Deals' }, { name: 'no id' }],
      });
    },
  });
});
afterAll(() => server.close());

describe('readListChoices', () => {
  const client = () => createWorkSpanClient({ connection: testConnection(server.url) });

  it('reads a list where the catalogue says, skipping items without a value', async () => {
    const { choices } = await readListChoices(client(), 'integrations');
    expect(choices).toEqual([{ value: 'WS-1', name: 'CRM', description: 'Deals' }]);
  });

  it('reads every page of a paged list, naming an untitled item by its value', async () => {
    const { choices, items } = await readListChoices(client(), 'reports');
    expect(items).toHaveLength(3);
    expect(choices.map((choice) => choice.name)).toEqual(['Report 1', 'Report 2', '3']);
  });
});

describe('readListChoices, searched and a page at a time', () => {
  const client = () => createWorkSpanClient({ connection: testConnection(server.url) });

  it('keeps the choices whose name, value or description holds the filter, in any case', async () => {
    expect((await readListChoices(client(), 'integrations', { filter: 'deal' })).choices).toEqual([
      { value: 'WS-1', name: 'CRM', description: 'Deals' },
    ]);
    expect((await readListChoices(client(), 'integrations', { filter: 'ws-1' })).choices).toHaveLength(1);
    expect(await readListChoices(client(), 'integrations', { filter: 'nothing like it' })).toEqual({
      items: [],
      choices: [],
    });
  });

  it('reads one page of a paged list and names the next, until the list ends', async () => {
    const first = await readListChoices(client(), 'reports', { page: 0, pageSize: 2 });
    expect(first.choices.map((choice) => choice.value)).toEqual([1, 2]);
    expect(first.nextPage).toBe(1);
    const second = await readListChoices(client(), 'reports', { page: 1, pageSize: 2 });
    expect(second.choices.map((choice) => choice.value)).toEqual([3]);
    expect(second.nextPage).toBeUndefined();
    // Without a page, every page as before.
    expect((await readListChoices(client(), 'reports', { pageSize: 2 })).choices).toHaveLength(3);
  });

  it('skips pages the filter leaves empty, and says where to go on', async () => {
    const found = await readListChoices(client(), 'reports', { page: 0, pageSize: 1, filter: 'report 2' });
    expect(found.choices).toEqual([{ value: 2, name: 'Report 2' }]);
    expect(found.nextPage).toBe(2);
    expect(await readListChoices(client(), 'reports', { page: 2, pageSize: 1, filter: 'report 2' })).toEqual({
      items: [],
      choices: [],
    });
  });
});
