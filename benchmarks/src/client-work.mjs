// The client's own work per call, with the network taken away: an in-memory transport answers at
// once. Baseline: parsing the same answer, the least any client must do.
import { WorkSpanClient } from '@workspan-kit/core';

const body = '{"events":[{"name":"task.assigned","description":"A task was assigned"}]}';
const transport = async (request) =>
  request.url.includes('/oauth/token')
    ? { status: 200, headers: {}, body: '{"access_token":"in-memory-token","expires_in":3600}' }
    : { status: 200, headers: {}, body };
const client = new WorkSpanClient({
  connection: {
    environment: 'http://127.0.0.1:9',
    clientId: 'benchmark',
    clientSecret: 'benchmark-secret',
    hostname: 'demo.workspan.com',
  },
  transport,
  clock: { now: () => Date.now(), sleep: async () => {} },
  throttle: { limit: 1_000_000_000, windowMs: 60_000 },
});
const mode = process.argv[2];
const calls = 100_000;
const once =
  mode === 'parse'
    ? async () => JSON.parse((await transport({ url: '/event/v1/metadata/event' })).body)
    : () =>
        client.call('GetBulkloadStatus', {
          integrationId: 'WS-Integration_crm_opportunity',
          executionId: 'e1',
        });
for (let index = 0; index < 20_000; index++) await once();
const started = performance.now();
for (let index = 0; index < calls; index++) await once();
console.log(JSON.stringify({ microsecondsPerCall: ((performance.now() - started) * 1000) / calls }));
process.exit(0);
