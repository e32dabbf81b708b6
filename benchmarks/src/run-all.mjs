// pnpm bench: every figure beside its baseline, measured in the same run, as medians with spread.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureGitHubAction } from './github-action.mjs';
import { here, paired, pinning, runJson, startServer, summarise } from './measure.mjs';
import { measureSandbox } from './sandbox-capacity.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    // Every benchmark once with tiny counts, to prove each still runs (pnpm test); no figure means anything.
    smoke: { type: 'boolean', default: false },
    output: { type: 'string', default: join(here('..'), 'results', 'latest.json') },
    skip: { type: 'string', multiple: true, default: [] },
  },
});
const smoke = values.smoke;
const quick = values.quick || smoke;
const runs = smoke ? 1 : quick ? 3 : 7;
const results = { machine: { pinning, node: process.version, quick, smoke }, figures: [] };
const rows = [];

function record(figure) {
  results.figures.push(figure);
  rows.push(figure);
  const spread = (s) => `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
  console.log(
    `${figure.name.padEnd(52)} ${spread(figure.value).padEnd(28)} ${figure.baselineName ? `vs ${figure.baselineName}: ${spread(figure.baseline)}` : ''}${figure.ratio ? `  ratio ${spread(figure.ratio)}` : ''}${figure.target ? `  target ${figure.target} ${figure.met ? 'met' : 'NOT met'}` : ''}`,
  );
}

function format(value) {
  if (value >= 1000) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

console.log(
  smoke
    ? 'pnpm bench --smoke — every benchmark once, tiny counts: the figures mean nothing\n'
    : `pnpm bench — ${runs} runs per figure, medians (min–max); ${pinning}\n`,
);

if (!values.skip.includes('calls')) {
  const server = await startServer(here('json-server.mjs'), [], 1);
  try {
    for (const concurrency of [1, 16]) {
      const calls = smoke ? 50 : quick ? 3000 : concurrency === 1 ? 6000 : 20000;
      const measure = (mode) => () =>
        runJson(
          here('call-overhead-client.mjs'),
          [
            '--url',
            server.url,
            '--mode',
            mode,
            '--calls',
            String(calls),
            '--concurrency',
            String(concurrency),
          ],
          0,
        );
      const { throughput, cpu } = await paired(runs, measure('core'), measure('undici'), {
        throughput: (r) => r.requestsPerSecond,
        cpu: (r) => r.cpuMicrosecondsPerCall,
      });
      record({
        name: `call overhead, concurrency ${concurrency}: core requests/s`,
        unit: 'requests/s',
        value: throughput.candidate,
        baselineName: 'raw undici Pool.request',
        baseline: throughput.baseline,
        ratio: throughput.ratio,
        target: '≥ 0.85×',
        met: throughput.ratio.median >= 0.85,
      });
      record({
        name: `call overhead, concurrency ${concurrency}: client CPU µs/call`,
        unit: 'µs/call',
        value: cpu.candidate,
        baselineName: 'raw undici',
        baseline: cpu.baseline,
        ratio: cpu.ratio,
        target: '≤ 1.3×',
        met: cpu.ratio.median <= 1.3,
      });
      const { throughput: fetchThroughput } = await paired(runs, measure('fetch'), measure('undici'), {
        throughput: (r) => r.requestsPerSecond,
      });
      record({
        name: `context, concurrency ${concurrency}: global fetch requests/s`,
        unit: 'requests/s',
        value: fetchThroughput.candidate,
        baselineName: 'raw undici',
        baseline: fetchThroughput.baseline,
        ratio: fetchThroughput.ratio,
      });
    }
    const work = await paired(
      runs,
      () => runJson(here('client-work.mjs'), ['client'], 0),
      () => runJson(here('client-work.mjs'), ['parse'], 0),
      { time: (r) => r.microsecondsPerCall },
    );
    record({
      name: 'context: client work per call, network taken away, µs',
      unit: 'µs/call',
      value: work.time.candidate,
      baselineName: 'parsing the answer alone',
      baseline: work.time.baseline,
      ratio: work.time.ratio,
    });
  } finally {
    await server.stop();
  }
}

if (!values.skip.includes('uploads')) {
  const folder = await mkdtemp(join(tmpdir(), 'workspan-bench-'));
  const server = await startServer(here('json-server.mjs'), [], 1);
  try {
    const sizes = smoke ? [1] : quick ? [100] : [100, 1024];
    for (const mebibytes of sizes) {
      const file = join(folder, `upload-${mebibytes}.csv`);
      await writeSizedFile(file, mebibytes * 1024 * 1024);
      const label = mebibytes >= 1024 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
      const uploadRuns = mebibytes >= 1024 ? Math.min(runs, 3) : runs;
      const measure = (mode) => () =>
        runJson(here('upload-client.mjs'), ['--url', server.url, '--mode', mode, '--file', file], 0);
      const { throughput, memory } = await paired(uploadRuns, measure('core'), measure('hand'), {
        throughput: (r) => r.mebibytesPerSecond,
        memory: (r) => r.peakRssGrowthMebibytes,
      });
      record({
        name: `upload ${label}: core MiB/s`,
        unit: 'MiB/s',
        value: throughput.candidate,
        baselineName: 'hand-written streamed multipart (undici)',
        baseline: throughput.baseline,
        ratio: throughput.ratio,
        target: '≥ 0.9×',
        met: throughput.ratio.median >= 0.9,
      });
      record({
        name: `upload ${label}: core peak RSS growth MiB`,
        unit: 'MiB',
        value: memory.candidate,
        baselineName: 'hand-written streamed multipart',
        baseline: memory.baseline,
        ratio: memory.ratio,
        target: '≤ 64 MiB',
        met: memory.candidate.max <= 64,
      });
      const inMemory = [];
      for (let run = 0; run < Math.min(uploadRuns, 3); run++) inMemory.push(await measure('memory')());
      record({
        name: `context, upload ${label}: whole file in memory MiB/s`,
        unit: 'MiB/s',
        value: summarise(inMemory.map((r) => r.mebibytesPerSecond)),
      });
      record({
        name: `context, upload ${label}: whole file in memory RSS growth MiB`,
        unit: 'MiB',
        value: summarise(inMemory.map((r) => r.peakRssGrowthMebibytes)),
      });
      await rm(file);
    }
  } finally {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

if (!values.skip.includes('throttle')) {
  const windowMs = 1000;
  const server = await startServer(
    here('json-server.mjs'),
    ['--limit', '100', '--window', String(windowMs)],
    1,
  );
  try {
    const wall = [];
    let refused = 0;
    for (let run = 0; run < Math.min(runs, 5); run++) {
      const result = await runJson(
        here('throttle-client.mjs'),
        ['--url', server.url, '--window', String(windowMs)],
        0,
      );
      wall.push(result.wallMs / (3 * windowMs));
      refused += result.refused;
      // Let the server's window close so every run starts alike.
      await new Promise((resolve) => setTimeout(resolve, windowMs));
    }
    const summary = summarise(wall);
    record({
      name: `throttle: 300 calls at 100/window, wall ÷ 3 windows (${refused} 429s)`,
      unit: 'ratio',
      value: summary,
      target: '≤ 1.05× and zero 429s',
      met: summary.median <= 1.05 && refused === 0,
    });
    const tokens = await runJson(
      here('throttle-client.mjs'),
      ['--url', server.url, '--window', String(windowMs), '--task', 'tokens'],
      0,
    );
    record({
      name: `token sharing: token requests for 100 concurrent calls`,
      unit: 'requests',
      value: summarise([tokens.tokenRequests]),
      target: 'exactly 1',
      met: tokens.tokenRequests === 1,
    });
  } finally {
    await server.stop();
  }
}

if (!values.skip.includes('relay')) {
  // The relay's event loop while it takes one wide delivery, beside a normal delivery (10 fields, 1 KB).
  const delay = (fields, bytes) => () =>
    runJson(here('relay-delivery.mjs'), ['--fields', String(fields), '--bytes', String(bytes)], 0);
  for (const [fields, outcome] of [
    [20_000, 'refused 413'],
    [2_000, 'trimmed and dispatched'],
  ]) {
    const { lag } = await paired(runs, delay(fields, 830_000), delay(10, 1000), {
      lag: (r) => Math.max(r.maxDelayMs, 1),
    });
    record({
      name: `relay: event-loop delay, 830 KB with ${fields} fields (${outcome}), max ms`,
      unit: 'ms',
      value: lag.candidate,
      baselineName: 'a 1 KB delivery of 10 fields',
      baseline: lag.baseline,
      ratio: lag.ratio,
      target: '≤ 1 s',
      met: lag.candidate.max <= 1000,
    });
  }
}

if (!values.skip.includes('sandbox')) {
  for (const figure of await measureSandbox({ runs, quick, smoke })) record(figure);
}

if (!values.skip.includes('node-red')) {
  const { measureNodeRed } = await import('./node-red.mjs');
  for (const figure of await measureNodeRed({ runs, quick, smoke })) record(figure);
}

if (!values.skip.includes('n8n')) {
  // A real n8n (installed on first use): fewer runs, each is 1,000 items through a workflow.
  const { measureN8nNode } = await import('./n8n-node.mjs');
  const throughput = await measureN8nNode(smoke ? 1 : quick ? 3 : 5, smoke ? 10 : 1000);
  record({
    name: `n8n: WorkSpan node items/s (${smoke ? 10 : '1,000'} items, one call each)`,
    unit: 'items/s',
    value: throughput.candidate,
    baselineName: "n8n's HTTP Request node, same call",
    baseline: throughput.baseline,
    ratio: throughput.ratio,
    target: '≥ 0.9×',
    met: throughput.ratio.median >= 0.9,
  });
  const { measureN8nTrigger } = await import('./n8n-trigger.mjs');
  const events = smoke ? 1 : quick ? 10 : 30;
  const latency = await measureN8nTrigger(events);
  record({
    name: `n8n: trigger latency, event raised → execution stopped, ms (${events} events)`,
    unit: 'ms',
    value: latency.candidate,
    baselineName: "n8n's Webhook node, same delivery",
    baseline: latency.baseline,
    ratio: latency.ratio,
  });
  // n8n spares only its own Webhook node the expression isolate while receiving: both nodes alike.
  const alike = await measureN8nTrigger(events, { sameTreatment: true });
  record({
    name: `n8n: trigger latency, both nodes with n8n's expression isolate while receiving, ms (${events} events)`,
    unit: 'ms',
    value: alike.candidate,
    baselineName: "n8n's Webhook node, same delivery, same isolate",
    baseline: alike.baseline,
    ratio: alike.ratio,
  });
}

if (!values.skip.includes('mcp')) {
  const { measureMcpServer } = await import('./mcp-server.mjs');
  for (const figure of await measureMcpServer({ runs })) record(figure);
}

if (!values.skip.includes('github-action')) {
  for (const figure of await measureGitHubAction({ runs, quick, smoke })) record(figure);
}

if (smoke) {
  console.log(`\nEvery benchmark ran (${rows.length} figures).`);
  process.exit(0);
}
await mkdir(join(values.output, '..'), { recursive: true });
await writeFile(values.output, `${JSON.stringify(results, null, 2)}\n`);
const unmet = rows.filter((row) => row.target && !row.met);
console.log(
  `\nWrote ${values.output}. ${unmet.length === 0 ? 'Every target met.' : `Targets not met: ${unmet.map((row) => row.name).join('; ')}.`}`,
);

async function writeSizedFile(path, bytes) {
  const { createWriteStream } = await import('node:fs');
  const line = 'WS-OPP-0000001,Acme Corp — Azure migration,proposal,125000,2026-12-31,P1\n';
  const chunk = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length))).subarray(0, 1024 * 1024);
  const stream = createWriteStream(path);
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise((resolve) => stream.end(resolve));
}
