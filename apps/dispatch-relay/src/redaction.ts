import { Redactor } from '@workspan-kit/core/internal';
import type { RelayConfig } from './config.js';
import type { LogFields, RelayLogger } from './logger.js';

const replacement = '[redacted]';

/** Credentials by their shape, for those the relay did not know in advance or sees cut short. */
const shapes = [
  // GitHub's tokens: personal, OAuth, user-to-server, server-to-server (installation), refresh, fine-grained.
  /\b(?:gh[opusr]_[A-Za-z0-9_]{8,}|github_pat_[A-Za-z0-9_]{8,})/g,
  // JSON Web Tokens (a GitHub App's are RS256): header and claims are base64url JSON objects.
  /\beyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}/g,
  // Private keys in PEM, whole or from their first line on.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/**
 * Removes every credential of the relay's from text: the GitHub token, the App's key (whole and
 * line by line), installation tokens once fetched, route tokens and the Redis password, each
 * also as URL-encoded and JSON-escaped, then core's patterns (bearer values, token and secret
 * parameters) and GitHub's token, JWT and PEM shapes.
 */
export class RelayRedactor {
  readonly #known = new Redactor();

  constructor(config?: RelayConfig) {
    if (!config) return;
    this.add(config.github.token);
    const key = config.github.app?.privateKey;
    if (key) {
      this.add(key);
      for (const line of key.split(/\r?\n/))
        if (line.length >= 16 && !line.startsWith('-----')) this.add(line);
    }
    for (const route of Object.values(config.routes)) this.add(route.token);
    if (config.redis) {
      try {
        const url = new URL(config.redis.url);
        this.add(decodeURIComponent(url.password));
        this.add(url.password);
      } catch {
        // a URL the schema accepted but URL cannot read carries no password we could find
      }
    }
  }

  /** A credential learnt while running (an installation token). */
  add(secret: string | undefined): void {
    if (!secret) return;
    this.#known.add(secret);
    this.#known.add(encodeURIComponent(secret));
    this.#known.add(JSON.stringify(secret).slice(1, -1));
  }

  redact(text: string): string {
    let result = this.#known.redact(text);
    for (const shape of shapes) result = result.replace(shape, replacement);
    return result;
  }

  /** The same logger, every message and string field redacted. */
  logger(logger: RelayLogger): RelayLogger {
    const clean = (fields: LogFields | undefined): LogFields | undefined =>
      fields &&
      Object.fromEntries(
        Object.entries(fields).map(([name, value]) => [
          name,
          typeof value === 'string' ? this.redact(value) : value,
        ]),
      );
    return {
      info: (message, fields) => logger.info(this.redact(message), clean(fields)),
      warn: (message, fields) => logger.warn(this.redact(message), clean(fields)),
      error: (message, fields) => logger.error(this.redact(message), clean(fields)),
    };
  }
}
