import type { FastifyRequest } from 'fastify';
import type { BulkRunner } from '../bulk/runner.js';
import type { UploadsInFlight } from '../bulk/upload.js';
import type { Outbox } from '../delivery/outbox.js';
import type { DeliveryWorker } from '../delivery/worker.js';
import type { ObjectStore } from '../model/objects.js';
import type { SandboxDatabase } from '../storage/database.js';
import type { Faults } from './faults.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';
import type { DefinitionValidator, ValidationSuccess } from './swagger-validator.js';

/** Everything the routes need, created once per sandbox. */
export interface SandboxContext {
  db: SandboxDatabase;
  objects: ObjectStore;
  outbox: Outbox;
  runner: BulkRunner;
  /** Uploads being written to the uploads folder. */
  uploads: UploadsInFlight;
  worker: DeliveryWorker;
  faults: Faults;
  rateLimiter: RateLimiter | undefined;
  validator: DefinitionValidator;
  logger: Logger;
  settings: {
    tokenLifetimeSeconds: number;
    uploadLimitBytes: number;
    jsonLimitBytes: number;
    uploadsDir: string;
    /** When set, every `/_sandbox/` call needs `Authorization: Bearer <adminToken>`. */
    adminToken: string | undefined;
  };
  /** Wipes the database (and optionally seeds it again with the start-up seed). */
  reset(reseed: boolean): Promise<void>;
}

/** What a route declares about itself (`config` of the Fastify route). */
export interface RouteConfig {
  /** `api`: OAuth + tenant + rate limit + definition check; `token`: the token call; `admin`: `/_sandbox`. */
  kind?: 'api' | 'token' | 'admin' | 'public';
  /** operationIds this route may serve (fault filters match any of them). */
  operations?: string[];
  /** Picks the operation once the body is parsed (routed paths); default `operations[0]`. */
  pickOperation?: (request: FastifyRequest) => string;
  /** `pickOperation` only reads headers, so faults can use it before the body is read. */
  pickBeforeBody?: boolean;
  /**
   * A call of WorkSpan's developer portal that the connector's definition lacks (its operation is
   * named in `operations` for fault filters only): authenticated and rate limited like any API
   * call, but not checked against the definition.
   */
  portal?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig extends RouteConfig {}

  interface FastifyRequest {
    /** Tenant hostname (`x-ws-env`), set for API and admin calls. */
    tenant: string;
    /** Application user of the bearer token. */
    clientId: string;
    /** The connector operation this request was matched to. */
    operationId: string | undefined;
    /** The definition check's converted parameters. */
    validated: ValidationSuccess | undefined;
    /** Fault `dropAfterBody`: destroy the socket instead of answering. */
    dropAfterBody: boolean;
  }
}
