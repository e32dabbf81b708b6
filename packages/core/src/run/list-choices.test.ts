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
