import type { DatabaseSync } from 'node:sqlite';
import { externalIdFields } from '../model/integrations.js';

// 2: a delivery stores the event payload it sends (`body`), not an envelope.
const schemaVersion = '2';

/** A field's JSON path for `json_extract`, from a name checked to need no quoting. */
export const fieldPath = (field: string): string => {
  if (!/^[A-Za-z0-9_.-]+$/.test(field)) throw new Error(`invalid field name ${JSON.stringify(field)}`);
  return `'$."${field}"'`;
};

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (hostname TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS app_users (
  tenant TEXT NOT NULL, client_id TEXT NOT NULL, client_secret TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (tenant, client_id)
);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY, tenant TEXT NOT NULL, client_id TEXT NOT NULL,
  issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS integrations (
  tenant TEXT NOT NULL, integration_id TEXT NOT NULL, integration_type TEXT NOT NULL, name TEXT NOT NULL,
  description TEXT NOT NULL, object_type TEXT NOT NULL, key_column TEXT NOT NULL, columns TEXT NOT NULL,
  PRIMARY KEY (tenant, integration_id)
);
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant TEXT NOT NULL, object_id TEXT NOT NULL, object_type TEXT NOT NULL, integration_id TEXT,
  fields TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (tenant, object_id)
);
CREATE INDEX IF NOT EXISTS objects_type ON objects (tenant, object_type);
${externalIdFields
  .map(
    (field, i) =>
      `CREATE INDEX IF NOT EXISTS objects_external_${i} ON objects (tenant, json_extract(fields, ${fieldPath(field)}));`,
  )
  .join('\n')}
CREATE TABLE IF NOT EXISTS type_versions (
  tenant TEXT NOT NULL, object_type TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (tenant, object_type)
);
CREATE TABLE IF NOT EXISTS reports (
  tenant TEXT NOT NULL, report_id INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
  report_status TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, modified_at TEXT NOT NULL,
  modified_by TEXT NOT NULL, object_type TEXT NOT NULL, columns TEXT NOT NULL, base_filter TEXT,
  PRIMARY KEY (tenant, report_id)
);
CREATE TABLE IF NOT EXISTS executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, integration_id TEXT NOT NULL, operation TEXT NOT NULL,
  data_format TEXT NOT NULL, column_delimiter TEXT NOT NULL, has_header_row INTEGER NOT NULL,
  status TEXT NOT NULL, input_count INTEGER NOT NULL DEFAULT 0, success_count INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0, skip_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, started_at TEXT NOT NULL, completed_at TEXT,
  payload_path TEXT, payload_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS execution_errors (
  execution_id TEXT NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL, message TEXT NOT NULL,
  data_row TEXT NOT NULL, PRIMARY KEY (execution_id, seq)
);
CREATE TABLE IF NOT EXISTS subscribers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  subscriber_id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, name TEXT NOT NULL, subscriber_type TEXT NOT NULL,
  operation TEXT NOT NULL, events TEXT NOT NULL, object_ids TEXT NOT NULL, filters TEXT, integration_id TEXT,
  callback_url TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, subscriber_id TEXT NOT NULL, event TEXT NOT NULL,
  body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL, created_at INTEGER NOT NULL, last_attempt_at INTEGER,
  last_status_code INTEGER, last_error TEXT, delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_subscriber ON deliveries (subscriber_id);
CREATE TABLE IF NOT EXISTS delivery_attempts (
  delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at TEXT NOT NULL, status_code INTEGER,
  error TEXT, duration_ms INTEGER NOT NULL, PRIMARY KEY (delivery_id, attempt)
);
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant TEXT NOT NULL, object_id TEXT NOT NULL, field_name TEXT NOT NULL, status_code TEXT NOT NULL,
  message TEXT NOT NULL, integration_id TEXT, external_id TEXT, at TEXT NOT NULL
);
`;

/** Every table with rows, for a wipe. */
export const tables = [
  'tenants',
  'app_users',
  'tokens',
  'integrations',
  'objects',
  'type_versions',
  'reports',
  'executions',
  'execution_errors',
  'subscribers',
  'deliveries',
  'delivery_attempts',
  'audit_log',
];

/**
 * Creates what is missing of the schema and checks the version of what was there. True when the
 * database is new (so it gets seeded).
 */
export function openSchema(connection: DatabaseSync, file: string | undefined): boolean {
  connection.exec(schema);
  const version = connection.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version');
  const isNew = version === undefined;
  if (!isNew && (version as { value?: unknown }).value !== schemaVersion) {
    connection.close();
    throw new Error(
      `the database file ${file} was written by another sandbox version (schema ${String((version as { value?: unknown }).value)}, this one needs ${schemaVersion}); use a new file`,
    );
  }
  if (isNew) {
    connection
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)')
      .run('schema_version', schemaVersion, 'created_at', new Date().toISOString());
  }
  return isNew;
}
