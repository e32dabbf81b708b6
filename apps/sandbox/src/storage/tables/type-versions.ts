import type { ObjectType } from '../../model/types.js';
import { asNumber, Statements } from '../statements.js';

/** The data version of each object type (GetReportData's `version`). */
export class TypeVersionsTable extends Statements {
  /** Increments the data version of an object type (GetReportData's `version`). */
  bumpVersion(tenant: string, objectType: ObjectType): void {
    this.run(
      `INSERT INTO type_versions (tenant, object_type, version) VALUES (?, ?, 1)
       ON CONFLICT (tenant, object_type) DO UPDATE SET version = version + 1`,
      tenant,
      objectType,
    );
  }

  getVersion(tenant: string, objectType: ObjectType): number {
    const row = this.get(
      'SELECT version FROM type_versions WHERE tenant = ? AND object_type = ?',
      tenant,
      objectType,
    );
    return asNumber(row?.version);
  }
}
