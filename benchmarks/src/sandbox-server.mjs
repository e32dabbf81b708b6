// The sandbox in its own process for capacity figures: no rate limit, quick delivery retries.
import { startSandbox } from '@workspan-kit/sandbox';

const sandbox = await startSandbox({
  port: 0,
  rateLimit: false,
  delivery: { retryDelaysMs: [100, 200, 400], concurrency: 16 },
});
process.stdout.write(`${sandbox.url}\n`);
process.on('SIGTERM', async () => {
  await sandbox.close();
  process.exit(0);
});
