import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Redis } from 'ioredis';
import type { RelayConfig } from './config.js';
import { type DedupeStore, SingleReplicaDedupeStore } from './dedupe-store.js';
import { DispatchGate } from './dispatch-gate.js';
import { gitHubTokenSource } from './github-credentials.js';
import { GitHubDispatcher } from './github-dispatcher.js';
import type { RelayLogger } from './logger.js';
import { RelayRedactor } from './redaction.js';
import { RedisDedupeStore } from './redis-dedupe-store.js';
import { createRelayHandler, type FetchHandler } from './relay-handler.js';

export interface RelayParts {
  handler: FetchHandler;
  /** Closes the Redis connection when there is one. */
  close(): Promise<void>;
}

/** The fetch handler with its stores: Redis when configured (several replicas), else memory. */
export async function createRelay(config: RelayConfig, givenLogger?: RelayLogger): Promise<RelayParts> {
  const redactor = new RelayRedactor(config);
  const logger = givenLogger && redactor.logger(givenLogger);
  let redis: Redis | undefined;
  let dedupe: DedupeStore;
  if (config.redis) {
    // No offline queue: while Redis is away a delivery is answered 503 at once, not held.
    redis = new Redis(config.redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', (error: Error) => logger?.warn('redis', { error: error.message }));
    await redis.connect();
    dedupe = new RedisDedupeStore(redis);
  } else {
    dedupe = new SingleReplicaDedupeStore();
  }
  const gate = new DispatchGate({ perMinute: config.dispatch.perMinute, redis });
  const dispatcher = new GitHubDispatcher({
    apiUrl: config.github.apiUrl,
    token: gitHubTokenSource(config.github, (token) => redactor.add(token)),
    redact: (text) => redactor.redact(text),
    gate,
    ...config.dispatch,
  });
  const handler = createRelayHandler({
    config,
    dedupe,
    dispatcher,
    redactor,
    ...(givenLogger ? { logger: givenLogger } : {}),
  });
  return {
    handler,
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}

export interface RunningRelay {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves the relay with Node's HTTP server. */
export async function startRelay(
  config: RelayConfig,
  options: { port?: number; host?: string; logger?: RelayLogger } = {},
): Promise<RunningRelay> {
  const relay = await createRelay(config, options.logger);
  // Deliveries being handled: a stop waits for them, so that none is cut between GitHub's answer
  // and the record that it was dispatched (that record is what keeps a redelivery from dispatching again).
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const handler = async (request: Request): Promise<Response> => {
    inFlight++;
    try {
      return await relay.handler(request);
    } finally {
      if (--inFlight === 0) drained?.();
    }
  };
  const limits = config.server;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two time limits on this interval (30 s by default, which let a connection
      // sending its headers a byte at a time live 90 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    getRequestListener(handler),
  );
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const shownHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    async close() {
      // No new connections; idle ones close now; deliveries being handled finish (at most one
      // dispatch's lease), then the rest is cut and the stores are closed.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const drainMs =
          config.dispatch.maxAttempts * config.dispatch.timeoutMs + config.dispatch.maxWaitMs + 1000;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, drainMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
      await relay.close();
    },
  };
}
