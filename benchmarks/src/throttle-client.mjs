// 300 calls against a server that allows 100 per window: how many 429s, and how long in all.
// Also: 100 concurrent calls on a fresh client, and how many token requests they made.
import { parseArgs } from 'node:util';
import { createWorkSpanClient } from '@workspan-kit/core/node';

const { values } = parseArgs({
  options: { url: { type: 'string' }, window: { type: 'string' }, task: { type: 'string' } },
});
const windowMs = Number(values.window);
const counters = async () => (await fetch(`${values.url}/_counters`)).json();
const client = createWorkSpanClient({
  connection: {
    environment: values.url,
    clientId: 'benchmark',
    clientSecret: 'benchmark-secret',
    hostname: 'demo.workspan.com',
  },
  throttle: { limit: 100, windowMs },
});

if (values.task === 'tokens') {
  const before = await counters();
  await Promise.all(Array.from({ length: 100 }, () => client.call('GetEventList', {})));
  const after = await counters();
  console.log(
    JSON.stringify({ tokenRequests: after.token - before.token, calls: after.calls - before.calls }),
  );
} else {
  const before = await counters();
  const started = performance.now();
  await Promise.all(Array.from({ length: 300 }, () => client.call('GetEventList', {})));
  const wallMs = performance.now() - started;
  const after = await counters();
  console.log(
    JSON.stringify({ wallMs, refused: after.refused - before.refused, calls: after.calls - before.calls }),
  );
}
process.exit(0);
