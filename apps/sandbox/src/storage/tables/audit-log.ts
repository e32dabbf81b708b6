import { asText, Statements } from '../statements.js';

export interface AuditEntry {
  object_id: string;
  field_name: string;
  status_code: string;
  message: string;
  integration_id: string | null;
  external_id: string | null;
  at: string;
}

/** ObjectAudit's entries, per object. */
export class AuditLogTable extends Statements {
  insertAudit(tenant: string, entry: AuditEntry): void {
    this.run(
      `INSERT INTO audit_log (tenant, object_id, field_name, status_code, message, integration_id, external_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      tenant,
      entry.object_id,
      entry.field_name,
      entry.status_code,
      entry.message,
      entry.integration_id,
      entry.external_id,
      entry.at,
    );
  }

  listAudit(tenant: string, objectId: string): AuditEntry[] {
    return this.all(
      'SELECT * FROM audit_log WHERE tenant = ? AND object_id = ? ORDER BY seq',
      tenant,
      objectId,
    ).map((row) => ({
      object_id: asText(row.object_id),
      field_name: asText(row.field_name),
      status_code: asText(row.status_code),
      message: asText(row.message),
      integration_id: row.integration_id === null ? null : asText(row.integration_id),
      external_id: row.external_id === null ? null : asText(row.external_id),
      at: asText(row.at),
    }));
  }
}
