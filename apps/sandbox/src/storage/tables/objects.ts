import type { Fields, ObjectType, StoredObject } from '../../model/types.js';
import { fieldPath } from '../schema.js';
import { asNumber, asText, parseJsonColumn, type Row, Statements } from '../statements.js';

/** The objects (opportunities and accounts), their fields as JSON. */
export class ObjectsTable extends Statements {
  insertObject(tenant: string, object: StoredObject): void {
    this.run(
      `INSERT INTO objects (tenant, object_id, object_type, integration_id, fields, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      tenant,
      object.object_id,
      object.object_type,
      object.integration_id,
      JSON.stringify(object.fields),
      object.created_at,
      object.updated_at,
    );
  }

  updateObjectFields(tenant: string, objectId: string, fields: Fields, updatedAt: string): void {
    this.run(
      'UPDATE objects SET fields = ?, updated_at = ? WHERE tenant = ? AND object_id = ?',
      JSON.stringify(fields),
      updatedAt,
      tenant,
      objectId,
    );
  }

  deleteObject(tenant: string, objectId: string): void {
    this.run('DELETE FROM objects WHERE tenant = ? AND object_id = ?', tenant, objectId);
  }

  getObject(tenant: string, objectId: string): StoredObject | undefined {
    const row = this.get('SELECT * FROM objects WHERE tenant = ? AND object_id = ?', tenant, objectId);
    return row ? toObject(row) : undefined;
  }

  /** The first object of a type whose `field` equals `value` (the upsert lookup of bulk loads). */
  findObjectByField(
    tenant: string,
    objectType: ObjectType,
    field: string,
    value: string,
  ): StoredObject | undefined {
    const row = this.get(
      `SELECT * FROM objects WHERE tenant = ? AND json_extract(fields, ${fieldPath(field)}) = ? AND object_type = ?
       ORDER BY seq LIMIT 1`,
      tenant,
      value,
      objectType,
    );
    return row ? toObject(row) : undefined;
  }

  listObjects(
    tenant: string,
    options: { objectType?: ObjectType; limit?: number; offset?: number } = {},
  ): StoredObject[] {
    const limit = options.limit ?? -1;
    const offset = options.offset ?? 0;
    const rows = options.objectType
      ? this.all(
          'SELECT * FROM objects WHERE tenant = ? AND object_type = ? ORDER BY seq LIMIT ? OFFSET ?',
          tenant,
          options.objectType,
          limit,
          offset,
        )
      : this.all(
          'SELECT * FROM objects WHERE tenant = ? ORDER BY seq LIMIT ? OFFSET ?',
          tenant,
          limit,
          offset,
        );
    return rows.map(toObject);
  }

  /** Up to `limit` objects of a type after position `afterSeq`, and the position to continue from. */
  listObjectsAfter(
    tenant: string,
    objectType: ObjectType,
    afterSeq: number,
    limit: number,
  ): { objects: StoredObject[]; lastSeq: number } {
    const rows = this.all(
      'SELECT * FROM objects WHERE tenant = ? AND object_type = ? AND seq > ? ORDER BY seq LIMIT ?',
      tenant,
      objectType,
      afterSeq,
      limit,
    );
    const last = rows.at(-1);
    return { objects: rows.map(toObject), lastSeq: last ? asNumber(last.seq) : afterSeq };
  }

  countObjects(tenant: string, objectType?: ObjectType): number {
    const row = objectType
      ? this.get('SELECT count(*) AS n FROM objects WHERE tenant = ? AND object_type = ?', tenant, objectType)
      : this.get('SELECT count(*) AS n FROM objects WHERE tenant = ?', tenant);
    return asNumber(row?.n);
  }
}

function toObject(row: Row): StoredObject {
  return {
    object_id: asText(row.object_id),
    object_type: asText(row.object_type) as ObjectType,
    integration_id: row.integration_id === null ? null : asText(row.integration_id),
    fields: parseJsonColumn(row.fields, {}),
    created_at: asText(row.created_at),
    updated_at: asText(row.updated_at),
  };
}
