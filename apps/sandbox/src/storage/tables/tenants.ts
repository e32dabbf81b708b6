import type { Tenant } from '../../model/types.js';
import { asText, Statements } from '../statements.js';

/** The tenants, by hostname. */
export class TenantsTable extends Statements {
  upsertTenant(tenant: Tenant): void {
    this.run(
      'INSERT INTO tenants (hostname, name, created_at) VALUES (?, ?, ?) ON CONFLICT (hostname) DO UPDATE SET name = excluded.name',
      tenant.hostname,
      tenant.name,
      tenant.created_at,
    );
  }

  getTenant(hostname: string): Tenant | undefined {
    const row = this.get('SELECT * FROM tenants WHERE hostname = ?', hostname);
    return row
      ? { hostname: asText(row.hostname), name: asText(row.name), created_at: asText(row.created_at) }
      : undefined;
  }

  listTenants(): Tenant[] {
    return this.all('SELECT * FROM tenants ORDER BY rowid').map((row) => ({
      hostname: asText(row.hostname),
      name: asText(row.name),
      created_at: asText(row.created_at),
    }));
  }
}
