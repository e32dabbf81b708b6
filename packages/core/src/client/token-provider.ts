/** A bearer token for WorkSpan's API. */
export interface AccessToken {
  value: string;
  /** When WorkSpan stops accepting it (ms since the epoch, by the client's clock); unknown if absent. */
  expiresAt?: number | undefined;
}

/** Why the client asks for another token. */
export type TokenRenewalReason = 'refused' | 'expired';

/**
 * Where a client gets its bearer tokens. By default the client fetches and caches its own; a host
 * that keeps tokens elsewhere (n8n in its credential, shared by executions; a Node-RED config node
 * shared by flows) supplies one, usually built on `requestAccessToken`. The client asks for at most
 * one token at a time however many calls wait, keeps what it gets until it expires or is refused,
 * and asks for a renewal once per refusal.
 */
export interface TokenProvider {
  /** The token to use now: a stored one if the host holds one, otherwise a fresh one. */
  getToken(): Promise<AccessToken>;
  /**
   * `stale` was refused by WorkSpan (HTTP 401) or has expired: return another, and store it where
   * the host keeps tokens. Never return `stale` itself after a refusal.
   */
  renewToken(stale: AccessToken, reason: TokenRenewalReason): Promise<AccessToken>;
}
