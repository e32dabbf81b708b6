// One measurement of call overhead: N calls of GetEventList by one of three clients.
import { parseArgs } from 'node:util';
import { createWorkSpanClient } from '@workspan-kit/core/node';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    mode: { type: 'string' },
    calls: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const url = values.url;
const headers = {
  authorization: 'Bearer benchmark-token',
  'x-ws-env': 'demo.workspan.com',
  accept: 'application/json',
};

let call;
if (values.mode === 'undici') {
  const pool = new Pool(url, { connections: concurrency });
  call = async () => {
    const response = await pool.request({ path: '/event/v1/metadata/event', method: 'GET', headers });
    JSON.parse(await response.body.text());
  };
} else if (values.mode === 'fetch') {
  call = async () => {
    const response = await fetch(`${url}/event/v1/metadata/event`, { headers });
    await response.json();
  };
} else {
  const client = createWorkSpanClient({
    connection: {
      environment: url,
      clientId: 'benchmark',
      clientSecret: 'benchmark-secret',
      hostname: 'demo.workspan.com',
    },
    // Accounting on, never limiting: the figure is the cost of the machinery, not of waiting.
    throttle: { limit: 1_000_000, windowMs: 60_000 },
  });
  call = () => client.call('GetEventList', {});
}

async function worker(count) {
  for (let index = 0; index < count; index++) await call();
}

// Warm up connections and JIT before counting.
await Promise.all(Array.from({ length: concurrency }, () => worker(50)));
const cpuBefore = process.cpuUsage();
const started = performance.now();
const share = Math.floor(calls / concurrency);
await Promise.all(Array.from({ length: concurrency }, () => worker(share)));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const done = share * concurrency;
console.log(
  JSON.stringify({
    requestsPerSecond: done / seconds,
    cpuMicrosecondsPerCall: (cpu.user + cpu.system) / done,
  }),
);
process.exit(0);
