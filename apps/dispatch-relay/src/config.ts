import { z } from 'zod';

const routeName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'letters, digits, - and _ (at most 64)' });

const routeSchema = z.object({
  /** The secret in the callback URL (`/hooks/<route>/<token>`). */
  token: z
    .string({ error: 'the route secret (at least 32 characters)' })
    .min(32, { error: 'the route secret (at least 32 characters)' }),
  /** `owner/name` of the repository whose workflows receive the events. */
  repository: z
    .string({ error: 'a repository as owner/name' })
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'a repository as owner/name' }),
  /** Event name used when a delivery does not name its event (WorkSpan's bodies do not). */
  event: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,80}$/, { error: 'an event name such as object.stage_change' })
    .optional(),
});

export const relayConfigSchema = z.object({
  github: z
    .object({
      /** GitHub's REST API; GitHub Enterprise Server has its own. */
      apiUrl: z.url({ error: 'the GitHub API base URL' }).default('https://api.github.com'),
      /** A token allowed to create repository dispatch events (contents: write). */
      token: z.string({ error: 'a GitHub token' }).min(1, { error: 'a GitHub token (not empty)' }).optional(),
      /** Or a GitHub App installed on the repositories (contents: write): short-lived tokens. */
      app: z
        .object({
          appId: z.union([z.string().min(1), z.number().int().positive()], { error: 'the GitHub App id' }),
          installationId: z.union([z.string().min(1), z.number().int().positive()], {
            error: 'the installation id of the GitHub App',
          }),
          privateKey: z
            .string({ error: "the GitHub App's private key (PEM)" })
            .transform((key) => key.replace(/\\n/g, '\n'))
            .refine((key) => key.includes('PRIVATE KEY'), { error: "the GitHub App's private key (PEM)" }),
        })
        .optional(),
    })
    .refine((github) => (github.token === undefined) !== (github.app === undefined), {
      error: 'either token or app (one of them)',
    }),
  routes: z
    .record(routeName, routeSchema)
    .refine((routes) => Object.keys(routes).length > 0, { error: 'at least one route' }),
  /** Shared state for several replicas; in memory when absent. */
  redis: z
    .object({ url: z.string().regex(/^rediss?:\/\//, { error: 'a redis:// or rediss:// URL' }) })
    .optional(),
  /** Largest delivery body accepted, in bytes. */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Limits of the HTTP server, against connections held open by slow or idle clients. */
  server: z
    .object({
      /** Time from a request's first byte to the end of its headers; then 408 and the connection closed. */
      headersTimeoutMs: z.number().int().min(100).default(10_000),
      /** Time to receive a whole request, body included; then 408 and the connection closed. */
      requestTimeoutMs: z.number().int().min(100).default(30_000),
      /** An idle keep-alive connection is closed after this. */
      keepAliveTimeoutMs: z.number().int().min(100).default(5_000),
      /** Open connections at most; more are closed as they arrive. */
      maxConnections: z.number().int().min(1).default(1024),
    })
    .prefault({}),
  /**
   * Most top-level fields a delivery's payload may have. WorkSpan's events have tens; GitHub's
   * 65,535 characters hold a few thousand at most. Beyond it the relay answers 413.
   */
  maxPayloadFields: z.number().int().positive().default(2000),
  dispatch: z
    .object({
      /** Tries per delivery, the first included. */
      maxAttempts: z.number().int().min(1).max(10).default(4),
      /** First backoff after a 5xx or a dropped connection; doubled each time, with jitter. */
      initialBackoffMs: z.number().int().min(0).default(1000),
      /** Longest wait inside one delivery; past it the relay answers 503 and WorkSpan redelivers. */
      maxWaitMs: z.number().int().min(0).default(10_000),
      /** Dispatches per minute across all replicas (GitHub's secondary limit for creating content is 80). */
      perMinute: z.number().int().min(1).default(80),
      /** Time limit of one call to GitHub. */
      timeoutMs: z.number().int().min(1).default(10_000),
    })
    .prefault({}),
  /** The redelivery window (decision 17): how long the same body again is taken as a redelivery. */
  rememberSeconds: z
    .number()
    .int()
    .min(1)
    .default(25 * 60 * 60),
});

export type RelayConfig = z.output<typeof relayConfigSchema>;
export type RelayConfigInput = z.input<typeof relayConfigSchema>;
export type RouteConfig = RelayConfig['routes'][string];

/** A configuration problem, named by its path; values are never echoed (they may be secrets). */
export class RelayConfigError extends Error {
  override name = 'RelayConfigError';
}

/**
 * Reads a configuration object. A string value written as `${NAME}` is taken from the environment,
 * so secrets stay out of the file.
 */
export function parseRelayConfig(value: unknown, env: Record<string, string | undefined> = {}): RelayConfig {
  const resolved = substituteEnvironment(value, env, []);
  const result = relayConfigSchema.safeParse(resolved);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || 'configuration';
    return `${path}: expected ${issue.message.replace(/^Invalid input: expected /, '')}`;
  });
  throw new RelayConfigError(`Invalid relay configuration: ${problems.join('; ')}`);
}

function substituteEnvironment(
  value: unknown,
  env: Record<string, string | undefined>,
  path: string[],
): unknown {
  if (typeof value === 'string') {
    const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (!reference) return value;
    const name = reference[1] as string;
    const found = env[name];
    if (found === undefined || found === '')
      throw new RelayConfigError(
        `Invalid relay configuration: ${path.join('.')}: the environment variable ${name} is not set`,
      );
    return found;
  }
  if (Array.isArray(value))
    return value.map((item, index) => substituteEnvironment(item, env, [...path, `${index}`]));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteEnvironment(item, env, [...path, key])]),
    );
  return value;
}
