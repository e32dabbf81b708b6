// One measurement of a bulk-load file upload: core's streamed multipart, a hand-written streamed
// multipart with undici (the baseline), or the whole file read into memory first (for context).
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createWorkSpanClient } from '@workspan-kit/core/node';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: { url: { type: 'string' }, mode: { type: 'string' }, file: { type: 'string' } },
});
const { url, file, mode } = values;
const size = (await stat(file)).size;
const target = '/bulk/v1/bulkload?integration_id=WS-Integration_crm_opportunity&data_format=csv';
const headers = { authorization: 'Bearer benchmark-token', 'x-ws-env': 'demo.workspan.com' };
const boundary = '----benchmark-boundary-7d1f0a';
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${basename(file)}"\r\nContent-Type: text/csv\r\n\r\n`,
);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

let upload;
if (mode === 'hand') {
  const pool = new Pool(url, { connections: 1 });
  upload = async () => {
    async function* body() {
      yield head;
      yield* createReadStream(file, { highWaterMark: 1024 * 1024 });
      yield tail;
    }
    const response = await pool.request({
      path: target,
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
      body: Readable.from(body()),
    });
    await response.body.text();
  };
} else if (mode === 'memory') {
  const pool = new Pool(url, { connections: 1 });
  upload = async () => {
    const body = Buffer.concat([head, await readFile(file), tail]);
    const response = await pool.request({
      path: target,
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    await response.body.text();
  };
} else {
  const client = createWorkSpanClient({
    connection: {
      environment: url,
      clientId: 'benchmark',
      clientSecret: 'benchmark-secret',
      hostname: 'demo.workspan.com',
    },
  });
  // Fetch the token before measuring, as a running integration would have.
  await client.call('GetEventList', {});
  upload = () =>
    client.call('BulkloadDataFileAttachment', {
      integrationId: 'WS-Integration_crm_opportunity',
      dataFormat: 'csv',
      file: { path: file },
    });
}

globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const started = performance.now();
await upload();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const mebibyte = 1024 * 1024;
console.log(
  JSON.stringify({
    mebibytesPerSecond: size / mebibyte / seconds,
    peakRssGrowthMebibytes: (peak - baseline) / mebibyte,
  }),
);
process.exit(0);
