const replacement = '[redacted]';

/**
 * Removes secrets from text before it reaches an error, a log line or an output: every known
 * secret value, bearer tokens, and the value of any `token`/`secret`-like query parameter or form
 * field (callback URLs carry the receiver's secret that way).
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would redact ordinary words; they are not plausible secrets anyway.
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(replacement);
    }
    return redactPatterns(result);
  }
}

const secretParameter =
  /((?:^|[?&\s"'{,])["']?(?:[a-z_]*token|[a-z_]*secret|password)["']?\s*[=:]\s*["']?)([^&\s"',}]+)/gi;
const bearer = /(bearer\s+)[a-z0-9._~+/=-]+/gi;

export function redactPatterns(text: string): string {
  return text.replace(bearer, `$1${replacement}`).replace(secretParameter, `$1${replacement}`);
}
