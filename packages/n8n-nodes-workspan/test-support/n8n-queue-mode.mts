// n8n in queue mode, as its documentation sets it up: PostgreSQL and Redis, one main, workers and
// a webhook processor, each its own process with its own user folder and this package installed in
// it, sharing the database, the queue and the encryption key. WorkSpan's deliveries go to the
// webhook processor (WEBHOOK_URL), executions run on the workers.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, RedisServerProcess } from '@workspan-kit/test-kit';
import { ensureN8nRuntime } from '../runtime/n8n-runtime.mts';
import {
  environment,
  installPackedPackage,
  type N8nProcess,
  type RunningN8n,
  spawnN8nProcess,
  startN8n,
  waitUntilReady,
} from './n8n-instance.mts';
import { type RunningPostgres, startPostgres } from './postgres-server.mts';

/** A worker or webhook processor: started, stopped and started again on the same folder and port. */
export interface QueueProcess {
  name: string;
  /** Where it answers: the webhook processor's webhooks, a worker's health check. */
  url: string;
  logs(): string[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueModeN8n {
  main: RunningN8n;
  workers: QueueProcess[];
  webhookProcessor: QueueProcess;
  /** Stops the main and starts it again on the same folder, port and settings. */
  restartMain(): Promise<RunningN8n>;
  close(): Promise<void>;
}

export interface QueueModeOptions {
  workers?: number;
  /** Executions each worker runs at once (`n8n worker --concurrency`). */
  concurrency?: number;
  log?: (line: string) => void;
}

/** n8n's queue-mode settings that every process shares. */
export function queueModeEnvironment(
  postgres: RunningPostgres,
  redis: RedisServerProcess,
  encryptionKey: string,
  webhookUrl: string,
): Record<string, string> {
  return {
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: '127.0.0.1',
    QUEUE_BULL_REDIS_PORT: String(redis.port),
    ...postgres.n8nEnvironment,
    N8N_ENCRYPTION_KEY: encryptionKey,
    WEBHOOK_URL: webhookUrl,
    // Manual executions run on the workers too, as n8n recommends in queue mode.
    OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
    // Queue mode keeps binary data where every process reads it (n8n's default there).
    N8N_DEFAULT_BINARY_DATA_MODE: 'database',
  };
}

export async function startQueueMode(options: QueueModeOptions = {}): Promise<QueueModeN8n> {
  const host = await ensureN8nRuntime(options.log);
  // n8n's processes stop together (each may take its graceful shutdown), then the services.
  const processCleanups: (() => Promise<void>)[] = [];
  const serviceCleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    await Promise.all(processCleanups.map((cleanup) => cleanup().catch(() => {})));
    await Promise.all(serviceCleanups.map((cleanup) => cleanup().catch(() => {})));
  };
  try {
    const postgres = await startPostgres();
    serviceCleanups.push(() => postgres.close());
    const redis = await RedisServerProcess.start();
    serviceCleanups.push(() => redis.close());
    const webhookPort = await freePort();
    const shared = queueModeEnvironment(
      postgres,
      redis,
      randomBytes(24).toString('hex'),
      `http://127.0.0.1:${webhookPort}/`,
    );
    // The package packed once into the main's folder and copied into each other process's own.
    const mainFolder = mkdtempSync(join(tmpdir(), 'workspan-n8n-main-'));
    installPackedPackage(join(mainFolder, '.n8n', 'nodes'));
    const mainPort = await freePort();
    const mainOptions = {
      env: shared,
      userFolder: mainFolder,
      port: mainPort,
      ...(options.log ? { log: options.log } : {}),
    };
    let main: RunningN8n | undefined;
    processCleanups.push(async () => {
      await main?.stop();
      rmSync(mainFolder, { recursive: true, force: true });
    });

    const processFor = async (
      name: string,
      args: string[],
      port: number,
      readinessUrl: string,
      extra: Record<string, string>,
    ): Promise<QueueProcess> => {
      // Installed on this process as on the main: its own user folder, the same package.
      const userFolder = mkdtempSync(join(tmpdir(), `workspan-n8n-${name}-`));
      cpSync(join(mainFolder, '.n8n', 'nodes'), join(userFolder, '.n8n', 'nodes'), { recursive: true });
      const env = environment(userFolder, port, { ...shared, ...extra });
      let running: N8nProcess | undefined;
      const stop = async () => {
        await running?.stop();
      };
      processCleanups.push(async () => {
        await stop();
        rmSync(userFolder, { recursive: true, force: true });
      });
      const start = async () => {
        // A port of its own for the task runners' broker on every start (not the port after ours).
        const brokerPort = String(await freePort());
        running = spawnN8nProcess(
          host,
          args,
          { ...env, N8N_RUNNERS_BROKER_PORT: brokerPort },
          options.log && ((line) => options.log?.(`${name}: ${line}`)),
        );
        await waitUntilReady(readinessUrl, running);
      };
      return { name, url: `http://127.0.0.1:${port}`, logs: () => [...(running?.output ?? [])], start, stop };
    };

    const workers: QueueProcess[] = [];
    for (let index = 1; index <= (options.workers ?? 2); index++) {
      const port = await freePort();
      workers.push(
        await processFor(
          `worker-${index}`,
          ['worker', `--concurrency=${options.concurrency ?? 5}`],
          port,
          `http://127.0.0.1:${port}/healthz/readiness`,
          // "Worker started execution" is logged at info.
          { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_LOG_LEVEL: 'info' },
        ),
      );
    }
    const webhookProcessor = await processFor(
      'webhook',
      ['webhook'],
      webhookPort,
      `http://127.0.0.1:${webhookPort}/healthz/readiness`,
      {},
    );
    // All at once: one of them takes n8n's migration lock and creates the tables, the others wait.
    const [started] = await Promise.all([
      startN8n(mainOptions),
      ...[...workers, webhookProcessor].map((process) => process.start()),
    ]);
    main = started;

    return {
      get main() {
        return main as RunningN8n;
      },
      workers,
      webhookProcessor,
      restartMain: async () => {
        await main?.stop();
        main = await startN8n(mainOptions);
        return main;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
