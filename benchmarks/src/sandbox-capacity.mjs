// What the sandbox can carry, so users know what to expect of it: reads per second beside a
// minimal Node HTTP server on the same machine, bulk-load rows per second, deliveries per second.
import { here, paired, runJson, startServer, summarise } from './measure.mjs';

export async function measureSandbox({ runs, quick, smoke = false }) {
  const figures = [];
  const sandbox = await startServer(here('sandbox-server.mjs'), [], 1);
  const minimal = await startServer(here('json-server.mjs'), [], 1);
  try {
    const reads = smoke ? 64 : quick ? 3000 : 10000;
    const measureReads = (server) => () =>
      runJson(
        here('sandbox-client.mjs'),
        ['--url', server.url, '--task', 'reads', '--count', String(reads)],
        0,
      );
    const { read } = await paired(runs, measureReads(sandbox), measureReads(minimal), {
      read: (r) => r.perSecond,
    });
    figures.push({
      name: 'sandbox: GetIntegrationList requests/s (concurrency 16)',
      unit: 'requests/s',
      value: read.candidate,
      baselineName: 'minimal Node HTTP server',
      baseline: read.baseline,
      ratio: read.ratio,
    });
    const loadRows = smoke ? 20 : quick ? 5000 : 20000;
    for (const format of ['csv', 'xlsx']) {
      const perSecond = [];
      for (let run = 0; run < Math.min(runs, 3); run++) {
        perSecond.push(
          (
            await runJson(
              here('sandbox-client.mjs'),
              ['--url', sandbox.url, '--task', format, '--count', String(loadRows)],
              0,
            )
          ).perSecond,
        );
      }
      figures.push({
        name: `sandbox: bulk-load ingestion, ${format.toUpperCase()} rows/s (${loadRows} rows, upload to completed)`,
        unit: 'rows/s',
        value: summarise(perSecond),
      });
    }
    const deliveries = smoke ? 10 : quick ? 300 : 1000;
    const perSecond = [];
    for (let run = 0; run < Math.min(runs, 3); run++) {
      perSecond.push(
        (
          await runJson(
            here('sandbox-client.mjs'),
            ['--url', sandbox.url, '--task', 'deliveries', '--count', String(deliveries)],
            0,
          )
        ).perSecond,
      );
    }
    figures.push({
      name: `sandbox: webhook deliveries/s to a local receiver (${deliveries} events)`,
      unit: 'deliveries/s',
      value: summarise(perSecond),
    });
  } finally {
    await sandbox.stop();
    await minimal.stop();
  }
  return figures;
}
