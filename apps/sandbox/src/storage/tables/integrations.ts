import type { Integration, ObjectType } from '../../model/types.js';
import { asText, parseJsonColumn, type Row, Statements } from '../statements.js';

/** Each tenant's integrations (what a bulk load writes to). */
export class IntegrationsTable extends Statements {
  upsertIntegration(tenant: string, integration: Integration): void {
    this.run(
      `INSERT INTO integrations (tenant, integration_id, integration_type, name, description, object_type, key_column, columns)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, integration_id) DO UPDATE SET integration_type = excluded.integration_type,
         name = excluded.name, description = excluded.description, object_type = excluded.object_type,
         key_column = excluded.key_column, columns = excluded.columns`,
      tenant,
      integration.integration_id,
      integration.integration_type,
      integration.name,
      integration.description,
      integration.object_type,
      integration.key_column,
      JSON.stringify(integration.columns),
    );
  }

  getIntegration(tenant: string, integrationId: string): Integration | undefined {
    const row = this.get(
      'SELECT * FROM integrations WHERE tenant = ? AND integration_id = ?',
      tenant,
      integrationId,
    );
    return row ? toIntegration(row) : undefined;
  }

  listIntegrations(tenant: string): Integration[] {
    return this.all('SELECT * FROM integrations WHERE tenant = ? ORDER BY rowid', tenant).map(toIntegration);
  }
}

function toIntegration(row: Row): Integration {
  return {
    integration_id: asText(row.integration_id),
    integration_type: asText(row.integration_type),
    name: asText(row.name),
    description: asText(row.description),
    object_type: asText(row.object_type) as ObjectType,
    key_column: asText(row.key_column),
    columns: parseJsonColumn(row.columns, []),
  };
}
