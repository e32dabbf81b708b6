import type { AppUser } from '../../model/types.js';
import { asText, type Row, Statements } from '../statements.js';

/** Each tenant's application users (client id and secret). */
export class AppUsersTable extends Statements {
  upsertAppUser(user: AppUser): void {
    this.run(
      `INSERT INTO app_users (tenant, client_id, client_secret, name) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant, client_id) DO UPDATE SET client_secret = excluded.client_secret, name = excluded.name`,
      user.tenant,
      user.client_id,
      user.client_secret,
      user.name,
    );
  }

  getAppUser(tenant: string, clientId: string): AppUser | undefined {
    const row = this.get('SELECT * FROM app_users WHERE tenant = ? AND client_id = ?', tenant, clientId);
    return row ? toAppUser(row) : undefined;
  }

  listAppUsers(tenant: string): AppUser[] {
    return this.all('SELECT * FROM app_users WHERE tenant = ? ORDER BY rowid', tenant).map(toAppUser);
  }
}

function toAppUser(row: Row): AppUser {
  return {
    tenant: asText(row.tenant),
    client_id: asText(row.client_id),
    client_secret: asText(row.client_secret),
    name: asText(row.name),
  };
}
