import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BulkRunner } from './bulk/runner.js';
import { defaultUploadLimitBytes, removeOrphanUploads, UploadsInFlight } from './bulk/upload.js';
import { Outbox } from './delivery/outbox.js';
import { type DeliveryOptions, DeliveryWorker } from './delivery/worker.js';
import type { SandboxContext } from './http/context.js';
import { type FaultSpec, Faults } from './http/faults.js';
import { type Logger, silentLogger } from './http/logger.js';
import { RateLimiter, type RateLimitOptions } from './http/rate-limit.js';
import { buildServer } from './http/server.js';
import { getDefinitionValidator } from './http/swagger-validator.js';
import { ObjectStore } from './model/objects.js';
import { applySeed, defaultSeed, readSeedFile, type SeedFile } from './model/seed.js';
import {
  checkDatabasePath,
  databaseStartError,
  listenStartError,
  seedStartError,
} from './startup/start-errors.js';
import { SandboxDatabase } from './storage/database.js';

export { type DeliveryOptions, defaultDeliveryOptions } from './delivery/worker.js';
export { checkFaultSpec, type FaultSpec, parseFaultsFlag } from './http/faults.js';
export type { Logger } from './http/logger.js';
export type { RateLimitOptions } from './http/rate-limit.js';
export {
  DefinitionValidator,
  getDefinitionValidator,
  loadDefinition,
  type OperationInfo,
  type RequestParts,
  type ValidationFailure,
  type ValidationIssue,
  type ValidationResult,
  type ValidationSuccess,
  validateAgainstDefinition,
} from './http/swagger-validator.js';
export { defaultSeed, defaultTenants, type SeedFile, type SeedTenant } from './model/seed.js';
export { SandboxStartError, type StartOption } from './startup/start-errors.js';
export { SandboxDatabase } from './storage/database.js';

export interface StartSandboxOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** SQLite file; in memory when absent. An existing file is reopened as is (no reseeding). */
  databaseFile?: string;
  /** true (default): the standard seed; false: tenants, app users, integrations and reports only; a string: a seed JSON file. */
  seed?: boolean | string;
  /** Lifetime of issued access tokens (default 3600). */
  tokenLifetimeSeconds?: number;
  /** Calls per connection per window (default 100 per 60 s, as the connector documents); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Faults active from the start. */
  faults?: FaultSpec;
  /** Webhook delivery retries and timeout. */
  delivery?: DeliveryOptions;
  /** Where to log; silent when absent. */
  logger?: Logger;
  /** Largest bulk upload (default 512 MiB). */
  uploadLimitBytes?: number;
  /** Largest JSON / form body of other calls (default 1 MiB). */
  jsonLimitBytes?: number;
  /**
   * A secret the admin API (`/_sandbox/`) then requires as `Authorization: Bearer <adminToken>`.
   * Set it whenever the sandbox listens beyond loopback: the admin API can reset every tenant.
   */
  adminToken?: string;
}

export interface SandboxCredentials {
  /** Application user id (the connection's AppUserId). */
  clientId: string;
  /** Application user secret. */
  clientSecret: string;
  /** Tenant hostname (the connection's HostName, sent as `x-ws-env`). */
  hostname: string;
}

export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The first tenant's application user (demo.workspan.com in the default seed). */
  credentials: SandboxCredentials;
  /** One application user per tenant. */
  tenants: SandboxCredentials[];
  database: SandboxDatabase;
  /** Stops the server, the bulk runner and the delivery worker, and closes the database. */
  close(): Promise<void>;
}

/** The configuration part of a seed: tenants, users, integrations and reports, no objects. */
function withoutObjects(seed: SeedFile): SeedFile {
  return { tenants: seed.tenants.map(({ objects: _objects, generate: _generate, ...tenant }) => tenant) };
}

function seedFor(option: boolean | string | undefined): SeedFile {
  if (typeof option !== 'string') return defaultSeed({ objects: option !== false });
  try {
    return readSeedFile(option);
  } catch (error) {
    throw seedStartError(option, error);
  }
}

function openDatabase(file: string | undefined): SandboxDatabase {
  if (file === undefined) return new SandboxDatabase();
  checkDatabasePath(file);
  try {
    return new SandboxDatabase(file);
  } catch (error) {
    throw databaseStartError(file, error);
  }
}

/** The objects the server runs on: store, outbox, delivery worker, bulk runner, faults and settings. */
function createContext(
  db: SandboxDatabase,
  seed: SeedFile,
  uploadsDir: string,
  options: StartSandboxOptions,
  logger: Logger,
): SandboxContext {
  const worker = new DeliveryWorker(db, logger, options.delivery);
  const outbox = new Outbox(db, logger, () => worker.wake());
  const objects = new ObjectStore(db, outbox);
  const rateLimit = options.rateLimit === undefined ? { limit: 100, windowMs: 60_000 } : options.rateLimit;
  const ctx: SandboxContext = {
    db,
    objects,
    outbox,
    runner: new BulkRunner(db, objects, logger),
    uploads: new UploadsInFlight(),
    worker,
    faults: new Faults(options.faults),
    rateLimiter: rateLimit === false ? undefined : new RateLimiter(rateLimit),
    validator: getDefinitionValidator(),
    logger,
    settings: {
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      uploadLimitBytes: options.uploadLimitBytes ?? defaultUploadLimitBytes,
      jsonLimitBytes: options.jsonLimitBytes ?? 1024 * 1024,
      uploadsDir,
      adminToken: options.adminToken === '' ? undefined : options.adminToken,
    },
    async reset(reseed: boolean) {
      await ctx.runner.stop();
      await ctx.worker.stop();
      db.wipe();
      for (const name of readdirSync(uploadsDir))
        rmSync(join(uploadsDir, name), { force: true, recursive: true });
      applySeed(db, reseed ? seed : withoutObjects(seed));
      ctx.rateLimiter?.reset();
      ctx.runner = new BulkRunner(db, objects, logger);
      ctx.worker.start();
      logger.info(`sandbox reset${reseed ? ' and reseeded' : ''}`);
    },
  };
  return ctx;
}

/** Starts a WorkSpan sandbox: an HTTP server with the connector's API on a SQLite database. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const logger = options.logger ?? silentLogger;
  const seed = seedFor(options.seed);
  const db = openDatabase(options.databaseFile);
  /** The uploads folder when it is a temporary one (no database file): removed on close. */
  let tempUploadsDir: string | undefined;
  let app: FastifyInstance | undefined;
  let ctx: SandboxContext;
  try {
    if (db.isNew) applySeed(db, seed);
    let uploadsDir: string;
    if (options.databaseFile) {
      uploadsDir = resolve(`${options.databaseFile}.uploads`);
      mkdirSync(uploadsDir, { recursive: true });
    } else {
      uploadsDir = mkdtempSync(join(tmpdir(), 'workspan-sandbox-'));
      tempUploadsDir = uploadsDir;
    }
    // Partial uploads of a process that stopped mid-upload (kill -9, power loss) are of no use.
    const needed = new Set(
      db
        .listRunningExecutions()
        .flatMap((execution) => (execution.payload_path ? [resolve(execution.payload_path)] : [])),
    );
    const orphans = await removeOrphanUploads(uploadsDir, needed);
    if (orphans.length > 0) logger.info(`removed ${orphans.length} partial uploads left by a previous run`);
    ctx = createContext(db, seed, uploadsDir, options, logger);
    app = await buildServer(ctx);
    const listenOn = { port: options.port ?? 0, host: options.host ?? '127.0.0.1' };
    await app.listen(listenOn).catch((error: unknown) => {
      throw listenStartError(listenOn.port, listenOn.host, error);
    });
  } catch (error) {
    // Nothing has started yet (worker, runner): close what was opened and rethrow.
    await app?.close().catch(() => {});
    db.close();
    if (tempUploadsDir) rmSync(tempUploadsDir, { recursive: true, force: true });
    throw error;
  }
  const server = app;
  ctx.worker.start();
  ctx.runner.resumeUnfinished();

  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const host = options.host ?? '127.0.0.1';
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;

  const tenants: SandboxCredentials[] = [];
  for (const tenant of db.listTenants()) {
    const user = db.listAppUsers(tenant.hostname)[0];
    if (user)
      tenants.push({ clientId: user.client_id, clientSecret: user.client_secret, hostname: tenant.hostname });
  }
  const credentials = tenants[0] ?? { clientId: '', clientSecret: '', hostname: '' };

  let closing: Promise<void> | undefined;
  const closeGraceMs = 1000;
  const close = () => {
    closing ??= (async () => {
      // Idle keep-alive connections close at once; a connection that has not sent a request yet
      // counts as busy to Node, so after a short grace for requests in flight every socket goes.
      const force = setTimeout(() => server.server.closeAllConnections(), closeGraceMs);
      force.unref();
      await server.close();
      clearTimeout(force);
      // Uploads cut by the close remove their partial files; wait for that before going.
      await ctx.uploads.settled();
      await ctx.runner.stop();
      await ctx.worker.stop();
      db.close();
      if (tempUploadsDir) rmSync(tempUploadsDir, { recursive: true, force: true });
    })();
    return closing;
  };

  logger.info(`WorkSpan sandbox listening on ${url}`);
  return { url, credentials, tenants, database: db, close };
}
