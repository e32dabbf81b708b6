// One measurement of what the sandbox carries: reads per second, bulk-load rows per second (CSV or
// XLSX), or webhook deliveries per second to a local receiver.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCallbackUrl, createCallbackToken, createWorkSpanClient } from '@workspan-kit/core/node';
import ExcelJS from 'exceljs';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    task: { type: 'string' },
    count: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
  },
});
const { url, task } = values;
const count = Number(values.count);
const connection = {
  environment: url,
  clientId: 'sandbox-app-user',
  clientSecret: 'sandbox-secret',
  hostname: 'demo.workspan.com',
};
const client = createWorkSpanClient({ connection, throttle: false });
const integrationId = 'WS-Integration_crm_opportunity';
const run = Date.now().toString(36);

function rows(total) {
  return Array.from({ length: total }, (_, index) => ({
    opportunity_id: `006BENCH${run}${String(index).padStart(7, '0')}`,
    name: `Benchmark opportunity ${index}`,
    stage: ['prospecting', 'qualification', 'proposal', 'negotiation'][index % 4],
    amount: 1000 + index,
    close_date: '2027-06-30',
    partner: `P${(index % 5) + 1}`,
  }));
}

if (task === 'reads') {
  // A token from the sandbox itself, then raw undici so the figure is the server's, not the client's.
  const token = await (
    await fetch(`${url}/oauth/token?x-ws-env=demo.workspan.com`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=sandbox-app-user&client_secret=sandbox-secret&grant_type=client_credentials',
    })
  ).json();
  const concurrency = Number(values.concurrency);
  const pool = new Pool(url, { connections: concurrency });
  const headers = { authorization: `Bearer ${token.access_token}`, 'x-ws-env': 'demo.workspan.com' };
  const path = process.env.BENCH_PATH ?? '/event/v1/metadata/integration';
  const worker = async (calls) => {
    for (let index = 0; index < calls; index++) {
      const response = await pool.request({ path, method: 'GET', headers });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker(20)));
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => worker(Math.floor(count / concurrency))));
  console.log(JSON.stringify({ perSecond: count / ((performance.now() - started) / 1000) }));
} else if (task === 'csv' || task === 'xlsx') {
  const folder = await mkdtemp(join(tmpdir(), 'workspan-bench-load-'));
  const file = join(folder, `load.${task}`);
  const data = rows(count);
  if (task === 'csv') {
    const header = Object.keys(data[0]).join(',');
    await writeFile(file, `${header}\n${data.map((row) => Object.values(row).join(',')).join('\n')}\n`);
  } else {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Opportunities');
    sheet.addRow(Object.keys(data[0]));
    for (const row of data) sheet.addRow(Object.values(row));
    await workbook.xlsx.writeFile(file);
  }
  const started = performance.now();
  const load = await client.call('BulkloadDataFileAttachment', {
    integrationId,
    dataFormat: task,
    file: { path: file },
  });
  // Polled every 50 ms, against this local sandbox only (its rate limit is off): core's wait keeps
  // at least 1,000 ms between status calls to spare WorkSpan's budget, which would round this
  // figure to whole seconds. The status call itself is core's.
  let status;
  for (;;) {
    status = await client.call('GetBulkloadStatus', {
      integrationId,
      executionId: load.execution_id,
      includeErrors: false,
    });
    if (status.status === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await rm(folder, { recursive: true });
  if (status.succcess_count !== count) throw new Error(`loaded ${status.succcess_count} of ${count}`);
  console.log(JSON.stringify({ perSecond: count / seconds }));
} else if (task === 'deliveries') {
  const token = createCallbackToken();
  let received = 0;
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(204).end();
      received++;
      if (received === count) done();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const subscription = await client.call('Subscribe', {
    event: 'task.assigned',
    name: `benchmark ${run}`,
    callbackUrl: buildCallbackUrl(`http://127.0.0.1:${receiver.address().port}/`, token),
  });
  const started = performance.now();
  const raise = async () => {
    const response = await fetch(`${url}/_sandbox/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ws-env': 'demo.workspan.com' },
      body: JSON.stringify({ event: 'task.assigned', data: { task_id: 't', task_title: 'Benchmark task' } }),
    });
    if (!response.ok) throw new Error(`raising an event answered HTTP ${response.status}`);
  };
  for (let index = 0; index < count; index += 16)
    await Promise.all(Array.from({ length: Math.min(16, count - index) }, raise));
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await client.call('DeleteSubscriber', { subscriberId: subscription.subscriber_id });
  receiver.close();
  console.log(JSON.stringify({ perSecond: count / seconds }));
}
process.exit(0);
