import { asNumber, asText, Statements } from '../statements.js';

/** The access tokens issued, until they expire. */
export class TokensTable extends Statements {
  insertToken(token: string, tenant: string, clientId: string, issuedAt: number, expiresAt: number): void {
    this.run(
      'INSERT INTO tokens (token, tenant, client_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      token,
      tenant,
      clientId,
      issuedAt,
      expiresAt,
    );
  }

  getToken(token: string): { tenant: string; client_id: string; expires_at: number } | undefined {
    const row = this.get('SELECT tenant, client_id, expires_at FROM tokens WHERE token = ?', token);
    return row
      ? { tenant: asText(row.tenant), client_id: asText(row.client_id), expires_at: asNumber(row.expires_at) }
      : undefined;
  }

  deleteExpiredTokens(now: number): void {
    this.run('DELETE FROM tokens WHERE expires_at < ?', now);
  }
}
