// One measurement of the relay's event loop while it takes one delivery: the longest delay seen
// (monitorEventLoopDelay, 1 ms resolution) while a delivery of `--fields` fields and about
// `--bytes` bytes goes from POST to answer, the relay and a GitHub stand-in in this process.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseRelayConfig, startRelay } from '@workspan-kit/dispatch-relay';
import { GitHubStandIn } from '@workspan-kit/test-kit';

const { values } = parseArgs({
  options: { fields: { type: 'string' }, bytes: { type: 'string' }, runs: { type: 'string', default: '1' } },
});
const fields = Number(values.fields);
const bytes = Number(values.bytes);
const valueLength = Math.max(1, Math.floor(bytes / fields) - 12);
const payload = Object.fromEntries(
  Array.from({ length: fields }, (_, index) => [`f${index}`, String(index % 10).repeat(valueLength)]),
);
const body = JSON.stringify(payload);
const token = 'bench-route-token-0123456789abcdefghijklmnop';
const github = await new GitHubStandIn().start();
const relay = await startRelay(
  parseRelayConfig({
    github: { apiUrl: github.url, token: github.token },
    routes: { deals: { token, repository: 'acme/deals', event: 'object.stage_change' } },
  }),
);
// Warm the relay with one small delivery, so the figure is the delivery's, not the first call's.
await (
  await fetch(`${relay.url}/hooks/deals/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workspan-delivery-id': 'warm-up' },
    body: '{"object_id":"warm-up"}',
  })
).text();
const delays = [];
const statuses = [];
for (let run = 0; run < Number(values.runs); run++) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const response = await fetch(`${relay.url}/hooks/deals/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workspan-delivery-id': `bench-${Date.now()}-${run}` },
    body,
  });
  await response.text();
  histogram.disable();
  statuses.push(response.status);
  delays.push(histogram.max / 1e6);
}
await relay.close();
await github.close();
console.log(JSON.stringify({ maxDelayMs: Math.max(...delays), statuses, bodyBytes: body.length }));
process.exit(0);
