// Node-RED: messages per second through a WorkSpan action node beside Node-RED's own http request
// node making the same call in the same runtime, and the latency from an event raised in the
// sandbox to the message leaving the event node beside an http in node receiving the same POST.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWorkSpanClient } from '@workspan-kit/core/node';
import { startSandbox } from '@workspan-kit/sandbox';
import { Pool } from 'undici';
import { paired, summarise } from './measure.mjs';

const runtime = await import('@workspan-kit/node-red-workspan/runtime/node-red-runtime.mjs');
const tab = { id: 'bench', type: 'tab', label: 'bench' };

function flows(sandbox, token, collectorUrl) {
  const headers = `msg.headers = { authorization: 'Bearer ${token}', 'x-ws-env': '${sandbox.credentials.hostname}' }; return msg;`;
  return [
    tab,
    {
      id: 'connection',
      type: 'workspan-connection',
      environment: 'custom',
      baseUrl: sandbox.url,
      hostname: sandbox.credentials.hostname,
      // Pacing raised for the measurement, as the sandbox's limit is.
      callsPerMinute: 100_000_000,
      credentials: { clientId: sandbox.credentials.clientId, clientSecret: sandbox.credentials.clientSecret },
    },
    { id: 'ws-in', type: 'http in', z: 'bench', url: '/bench/workspan', method: 'get', wires: [['ws-node']] },
    {
      id: 'ws-node',
      type: 'workspan-metadata',
      z: 'bench',
      connection: 'connection',
      operation: 'GetIntegrationList',
      parameters: {},
      wires: [['ws-out']],
    },
    { id: 'ws-out', type: 'http response', z: 'bench', statusCode: '', headers: {}, wires: [] },
    {
      id: 'http-in',
      type: 'http in',
      z: 'bench',
      url: '/bench/http',
      method: 'get',
      wires: [['http-headers']],
    },
    { id: 'http-headers', type: 'function', z: 'bench', func: headers, outputs: 1, wires: [['http-node']] },
    {
      id: 'http-node',
      type: 'http request',
      z: 'bench',
      method: 'GET',
      ret: 'obj',
      paytoqs: 'ignore',
      url: `${sandbox.url}/event/v1/metadata/integration`,
      wires: [['http-out']],
    },
    { id: 'http-out', type: 'http response', z: 'bench', statusCode: '', headers: {}, wires: [] },
    {
      id: 'events',
      type: 'workspan-object-event',
      z: 'bench',
      connection: 'connection',
      parameters: {
        integrationId: { value: 'WS-Integration_crm_opportunity', type: 'str' },
        events: { value: 'object.stage_change', type: 'choice' },
        name: { value: 'bench event node', type: 'str' },
      },
      publicUrl: '',
      publicUrlType: 'str',
      wires: [['events-post']],
    },
    {
      id: 'events-post',
      type: 'http request',
      z: 'bench',
      method: 'POST',
      ret: 'txt',
      paytoqs: 'ignore',
      url: `${collectorUrl}/event-node`,
      wires: [[]],
    },
    {
      id: 'hook-in',
      type: 'http in',
      z: 'bench',
      url: '/bench/hook',
      method: 'post',
      wires: [['hook-post', 'hook-out']],
    },
    { id: 'hook-out', type: 'http response', z: 'bench', statusCode: '200', headers: {}, wires: [] },
    {
      id: 'hook-post',
      type: 'http request',
      z: 'bench',
      method: 'POST',
      ret: 'txt',
      paytoqs: 'ignore',
      url: `${collectorUrl}/http-in`,
      wires: [[]],
    },
  ];
}

/** Sends `count` GETs, `concurrency` at a time, and returns messages per second. */
async function throughput(url, path, count, concurrency) {
  const pool = new Pool(url, { connections: concurrency });
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < count) {
        sent++;
        const answer = await pool.request({ method: 'GET', path });
        await answer.body.text();
        if (answer.statusCode !== 200) throw new Error(`${path} answered ${answer.statusCode}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { messagesPerSecond: count / seconds };
}

/**
 * Waits until Node-RED serves the flow's http in routes: a deploy is answered before its flows
 * run, and on a first start (nothing cached yet) they start late, or not at all when the package's
 * node types failed to load. Ends with what Node-RED said when they never come.
 */
async function waitForRoutes(nodeRed, paths, limitMs = 60_000) {
  const deadline = Date.now() + limitMs;
  for (const path of paths) {
    for (;;) {
      const answer = await fetch(`${nodeRed.url}${path}`).catch(() => undefined);
      await answer?.arrayBuffer();
      if (answer && answer.status !== 404) break;
      if (Date.now() > deadline) {
        const nodes = await fetch(`${nodeRed.url}/nodes`, { headers: { accept: 'application/json' } })
          .then((reply) => reply.json())
          .catch(() => []);
        const workspan = nodes.filter((node) => String(node.module).includes('workspan'));
        throw new Error(
          `Node-RED never served ${path} after the deploy (WorkSpan node types loaded: ${workspan.map((node) => `${node.name}${node.err ? ` (${node.err})` : ''}`).join(', ') || 'none'}):\n${nodeRed.output().slice(-2000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function measureNodeRed({ runs, quick, smoke = false }) {
  const figures = [];
  const arrivals = new Map();
  const collector = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.get(request.url)?.(performance.now());
      response.end();
    });
  });
  collector.listen(0, '127.0.0.1');
  await once(collector, 'listening');
  const collectorUrl = `http://127.0.0.1:${collector.address().port}`;
  const sandbox = await startSandbox({ port: 0, rateLimit: false, delivery: { retryDelaysMs: [50] } });
  const packed = await mkdtemp(join(tmpdir(), 'workspan-bench-pack-'));
  const userDir = await runtime.createUserDirectory(await runtime.packPackages(packed));
  const nodeRed = await runtime.startNodeRed({ major: 5, userDir, settings: { adminAuth: null } });
  try {
    const client = createWorkSpanClient({
      connection: { environment: sandbox.url, ...sandbox.credentials },
      throttle: false,
    });
    const token = await (async () => {
      const answer = await fetch(`${sandbox.url}/oauth/token?x-ws-env=${sandbox.credentials.hostname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: sandbox.credentials.clientId,
          client_secret: sandbox.credentials.clientSecret,
          grant_type: 'client_credentials',
        }),
      });
      return (await answer.json()).access_token;
    })();
    await nodeRed.deploy(flows(sandbox, token, collectorUrl));
    await waitForRoutes(nodeRed, ['/bench/workspan', '/bench/http']);
    // Warm both paths (the node's first call fetches its token).
    for (const path of ['/bench/workspan', '/bench/http'])
      await throughput(nodeRed.url, path, smoke ? 8 : 200, 4);

    const count = smoke ? 16 : quick ? 1000 : 3000;
    for (const concurrency of [1, 8]) {
      const { rate } = await paired(
        runs,
        () => throughput(nodeRed.url, '/bench/workspan', count, concurrency),
        () => throughput(nodeRed.url, '/bench/http', count, concurrency),
        { rate: (result) => result.messagesPerSecond },
      );
      figures.push({
        name: `node-red: GetIntegrationList messages/s (concurrency ${concurrency})`,
        unit: 'messages/s',
        value: rate.candidate,
        baselineName: 'http request node, same call',
        baseline: rate.baseline,
        ratio: rate.ratio,
        target: '≥ 0.9×',
        met: rate.ratio.median >= 0.9,
      });
    }

    // The same events to both receivers: the event node's subscription and one for the http in node.
    await client.call('SubscribeObjectEvent', {
      integrationId: 'WS-Integration_crm_opportunity',
      events: ['object.stage_change'],
      name: 'bench http in node',
      callbackUrl: `${nodeRed.url}/bench/hook`,
    });
    const objects = await (
      await fetch(`${sandbox.url}/_sandbox/objects?type=opportunity&limit=1`, {
        headers: { 'x-ws-env': sandbox.credentials.hostname },
      })
    ).json();
    const objectId = objects.objects[0].object_id;
    const eventNode = [];
    const httpIn = [];
    const events = smoke ? 1 : quick ? 10 : 30;
    for (let event = 0; event < events; event++) {
      const arrived = (path) => new Promise((resolve) => arrivals.set(path, resolve));
      const both = [arrived('/event-node'), arrived('/http-in')];
      const started = performance.now();
      await fetch(`${sandbox.url}/_sandbox/objects/${objectId}/stage`, {
        method: 'POST',
        headers: { 'x-ws-env': sandbox.credentials.hostname, 'content-type': 'application/json' },
        body: JSON.stringify({ stage: event % 2 ? 'proposal' : 'negotiation' }),
      });
      const [nodeAt, hookAt] = await Promise.all(both);
      eventNode.push(nodeAt - started);
      httpIn.push(hookAt - started);
    }
    const latency = summarise(eventNode);
    const baseline = summarise(httpIn);
    figures.push({
      name: 'node-red: event raised → message out of the event node, ms',
      unit: 'ms',
      value: latency,
      baselineName: 'http in node, same POST',
      baseline,
      ratio: summarise(eventNode.map((value, index) => value / httpIn[index])),
    });
  } finally {
    await nodeRed.stop();
    await sandbox.close();
    collector.close();
    await runtime.removeUserDirectory(userDir);
    await rm(packed, { recursive: true, force: true });
  }
  return figures;
}
