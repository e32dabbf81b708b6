import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { ReportFilterContainer } from '@workspan-kit/core/spec';
import { externalIdFields } from './integrations.js';
import type {
  AppUser,
  DeliveryAttempt,
  DeliveryRow,
  DeliveryStatus,
  Execution,
  ExecutionError,
  Fields,
  Integration,
  ObjectType,
  Report,
  StoredObject,
  Subscriber,
  Tenant,
} from './model.js';

// 2: a delivery stores the event payload it sends (`body`), not an envelope.
const schemaVersion = '2';

const fieldPath = (field: string): string => {
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

const tables = [
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

type Row = Record<string, SQLInputValue>;

const asText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const asNumber = (v: unknown): number => Number(v ?? 0);
const parseJsonColumn = <T>(v: unknown, fallback: T): T => {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};

export interface AuditEntry {
  object_id: string;
  field_name: string;
  status_code: string;
  message: string;
  integration_id: string | null;
  external_id: string | null;
  at: string;
}

/** The sandbox's state in SQLite (`node:sqlite`): a file, or memory when no file is given. */
export class SandboxDatabase {
  readonly connection: DatabaseSync;
  readonly file: string | undefined;
  /** True when this database was created by this process (so it gets seeded). */
  readonly isNew: boolean;
  private depth = 0;
  private readonly statements = new Map<string, StatementSync>();

  constructor(file?: string) {
    this.file = file;
    this.connection = new DatabaseSync(file ?? ':memory:');
    this.connection.exec('PRAGMA foreign_keys = OFF; PRAGMA busy_timeout = 5000;');
    if (file) this.connection.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.connection.exec(schema);
    const version = this.connection.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version');
    this.isNew = version === undefined;
    if (!this.isNew && (version as { value?: unknown }).value !== schemaVersion) {
      this.connection.close();
      throw new Error(
        `the database file ${file} was written by another sandbox version (schema ${String((version as { value?: unknown }).value)}, this one needs ${schemaVersion}); use a new file`,
      );
    }
    if (this.isNew) {
      this.connection
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)')
        .run('schema_version', schemaVersion, 'created_at', new Date().toISOString());
    }
  }

  private preparedStatement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run(sql: string, ...params: SQLInputValue[]): void {
    this.preparedStatement(sql).run(...params);
  }

  private get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.preparedStatement(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.preparedStatement(sql).all(...params) as Row[];
  }

  /** Runs `fn` in a transaction (nested calls use savepoints). */
  transaction<T>(fn: () => T): T {
    const savepoint = `sp${this.depth}`;
    this.connection.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.connection.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      this.depth--;
      this.connection.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  close(): void {
    if (!this.connection.isOpen) return;
    this.statements.clear();
    this.connection.close();
  }

  /** Deletes every row of every table (the schema stays). */
  wipe(): void {
    this.transaction(() => {
      for (const table of tables) this.connection.exec(`DELETE FROM ${table}`);
    });
  }

  // ---- tenants and application users ----

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
    return row ? this.toAppUser(row) : undefined;
  }

  listAppUsers(tenant: string): AppUser[] {
    return this.all('SELECT * FROM app_users WHERE tenant = ? ORDER BY rowid', tenant).map((row) =>
      this.toAppUser(row),
    );
  }

  private toAppUser(row: Row): AppUser {
    return {
      tenant: asText(row.tenant),
      client_id: asText(row.client_id),
      client_secret: asText(row.client_secret),
      name: asText(row.name),
    };
  }

  // ---- tokens ----

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

  // ---- integrations ----

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
    return row ? this.toIntegration(row) : undefined;
  }

  listIntegrations(tenant: string): Integration[] {
    return this.all('SELECT * FROM integrations WHERE tenant = ? ORDER BY rowid', tenant).map((row) =>
      this.toIntegration(row),
    );
  }

  private toIntegration(row: Row): Integration {
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

  // ---- objects ----

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
    return row ? this.toObject(row) : undefined;
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
    return row ? this.toObject(row) : undefined;
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
    return rows.map((row) => this.toObject(row));
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
    return { objects: rows.map((row) => this.toObject(row)), lastSeq: last ? asNumber(last.seq) : afterSeq };
  }

  countObjects(tenant: string, objectType?: ObjectType): number {
    const row = objectType
      ? this.get('SELECT count(*) AS n FROM objects WHERE tenant = ? AND object_type = ?', tenant, objectType)
      : this.get('SELECT count(*) AS n FROM objects WHERE tenant = ?', tenant);
    return asNumber(row?.n);
  }

  private toObject(row: Row): StoredObject {
    return {
      object_id: asText(row.object_id),
      object_type: asText(row.object_type) as ObjectType,
      integration_id: row.integration_id === null ? null : asText(row.integration_id),
      fields: parseJsonColumn(row.fields, {}),
      created_at: asText(row.created_at),
      updated_at: asText(row.updated_at),
    };
  }

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

  // ---- reports ----

  upsertReport(tenant: string, report: Report): void {
    this.run(
      `INSERT INTO reports (tenant, report_id, name, description, report_status, created_at, created_by, modified_at,
         modified_by, object_type, columns, base_filter)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, report_id) DO UPDATE SET name = excluded.name, description = excluded.description,
         report_status = excluded.report_status, created_at = excluded.created_at, created_by = excluded.created_by,
         modified_at = excluded.modified_at, modified_by = excluded.modified_by, object_type = excluded.object_type,
         columns = excluded.columns, base_filter = excluded.base_filter`,
      tenant,
      report.id,
      report.name,
      report.description,
      report.reportStatus,
      report.createdAt,
      JSON.stringify(report.createdBy),
      report.modifiedAt,
      JSON.stringify(report.modifiedBy),
      report.object_type,
      JSON.stringify(report.columns),
      report.base_filter ? JSON.stringify(report.base_filter) : null,
    );
  }

  getReport(tenant: string, reportId: number): Report | undefined {
    const row = this.get('SELECT * FROM reports WHERE tenant = ? AND report_id = ?', tenant, reportId);
    return row ? this.toReport(row) : undefined;
  }

  listReports(tenant: string, offset: number, limit: number): Report[] {
    return this.all(
      'SELECT * FROM reports WHERE tenant = ? ORDER BY report_id LIMIT ? OFFSET ?',
      tenant,
      limit,
      offset,
    ).map((row) => this.toReport(row));
  }

  countReports(tenant: string): number {
    return asNumber(this.get('SELECT count(*) AS n FROM reports WHERE tenant = ?', tenant)?.n);
  }

  private toReport(row: Row): Report {
    const report: Report = {
      id: asNumber(row.report_id),
      name: asText(row.name),
      description: asText(row.description),
      reportStatus: asText(row.report_status) === 'DRAFT' ? 'DRAFT' : 'PUBLISHED',
      createdAt: asText(row.created_at),
      createdBy: parseJsonColumn(row.created_by, { id: '' }),
      modifiedAt: asText(row.modified_at),
      modifiedBy: parseJsonColumn(row.modified_by, { id: '' }),
      object_type: asText(row.object_type) as ObjectType,
      columns: parseJsonColumn(row.columns, []),
    };
    if (row.base_filter !== null)
      report.base_filter = parseJsonColumn<ReportFilterContainer>(row.base_filter, { fieldFilters: [] });
    return report;
  }

  // ---- executions (bulk loads) ----

  insertExecution(execution: Execution): void {
    this.run(
      `INSERT INTO executions (execution_id, tenant, integration_id, operation, data_format, column_delimiter,
         has_header_row, status, created_at, started_at, payload_path, payload_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      execution.execution_id,
      execution.tenant,
      execution.integration_id,
      execution.operation,
      execution.data_format,
      execution.column_delimiter,
      execution.has_header_row ? 1 : 0,
      execution.status,
      execution.created_at,
      execution.started_at,
      execution.payload_path,
      execution.payload_bytes,
    );
  }

  getExecution(executionId: string): Execution | undefined {
    const row = this.get('SELECT * FROM executions WHERE execution_id = ?', executionId);
    return row ? this.toExecution(row) : undefined;
  }

  listExecutions(tenant: string): Execution[] {
    return this.all('SELECT * FROM executions WHERE tenant = ? ORDER BY seq DESC', tenant).map((row) =>
      this.toExecution(row),
    );
  }

  listRunningExecutions(): Execution[] {
    return this.all("SELECT * FROM executions WHERE status = 'running' ORDER BY seq").map((row) =>
      this.toExecution(row),
    );
  }

  updateExecutionCounts(
    executionId: string,
    counts: { input_count: number; success_count: number; error_count: number; skip_count: number },
  ): void {
    this.run(
      'UPDATE executions SET input_count = ?, success_count = ?, error_count = ?, skip_count = ? WHERE execution_id = ?',
      counts.input_count,
      counts.success_count,
      counts.error_count,
      counts.skip_count,
      executionId,
    );
  }

  completeExecution(executionId: string, completedAt: string): void {
    this.run(
      "UPDATE executions SET status = 'completed', completed_at = ?, payload_path = NULL WHERE execution_id = ?",
      completedAt,
      executionId,
    );
  }

  /** Forgets the errors of an execution (a job restarted after a crash records them again). */
  clearExecutionErrors(executionId: string): void {
    this.run('DELETE FROM execution_errors WHERE execution_id = ?', executionId);
  }

  insertExecutionError(executionId: string, seq: number, error: ExecutionError): void {
    this.run(
      'INSERT INTO execution_errors (execution_id, seq, record_id, message, data_row) VALUES (?, ?, ?, ?, ?)',
      executionId,
      seq,
      error.id,
      error.message,
      JSON.stringify(error.data_row),
    );
  }

  listExecutionErrors(executionId: string, limit: number): ExecutionError[] {
    return this.all(
      'SELECT * FROM execution_errors WHERE execution_id = ? ORDER BY seq LIMIT ?',
      executionId,
      limit,
    ).map((row) => ({
      id: asText(row.record_id),
      message: asText(row.message),
      data_row: parseJsonColumn(row.data_row, {}),
    }));
  }

  private toExecution(row: Row): Execution {
    return {
      execution_id: asText(row.execution_id),
      tenant: asText(row.tenant),
      integration_id: asText(row.integration_id),
      operation: asText(row.operation),
      data_format: asText(row.data_format) as Execution['data_format'],
      column_delimiter: asText(row.column_delimiter),
      has_header_row: asNumber(row.has_header_row) === 1,
      status: asText(row.status) === 'completed' ? 'completed' : 'running',
      input_count: asNumber(row.input_count),
      success_count: asNumber(row.success_count),
      error_count: asNumber(row.error_count),
      skip_count: asNumber(row.skip_count),
      created_at: asText(row.created_at),
      started_at: asText(row.started_at),
      completed_at: row.completed_at === null ? null : asText(row.completed_at),
      payload_path: row.payload_path === null ? null : asText(row.payload_path),
      payload_bytes: asNumber(row.payload_bytes),
    };
  }

  // ---- subscribers ----

  insertSubscriber(subscriber: Subscriber): void {
    this.run(
      `INSERT INTO subscribers (subscriber_id, tenant, name, subscriber_type, operation, events, object_ids, filters,
         integration_id, callback_url, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      subscriber.subscriber_id,
      subscriber.tenant,
      subscriber.name,
      subscriber.subscriber_type,
      subscriber.operation,
      JSON.stringify(subscriber.events),
      JSON.stringify(subscriber.object_ids),
      subscriber.filters,
      subscriber.integration_id,
      subscriber.callback_url,
      subscriber.created_at,
    );
  }

  getSubscriber(subscriberId: string): Subscriber | undefined {
    const row = this.get('SELECT * FROM subscribers WHERE subscriber_id = ?', subscriberId);
    return row ? this.toSubscriber(row) : undefined;
  }

  listSubscribers(tenant: string): Subscriber[] {
    return this.all('SELECT * FROM subscribers WHERE tenant = ? ORDER BY seq', tenant).map((row) =>
      this.toSubscriber(row),
    );
  }

  countSubscribers(tenant: string): number {
    return Number(this.get('SELECT COUNT(*) AS held FROM subscribers WHERE tenant = ?', tenant)?.held ?? 0);
  }

  deleteSubscriber(subscriberId: string): void {
    this.run('DELETE FROM subscribers WHERE subscriber_id = ?', subscriberId);
  }

  private toSubscriber(row: Row): Subscriber {
    return {
      subscriber_id: asText(row.subscriber_id),
      tenant: asText(row.tenant),
      name: asText(row.name),
      subscriber_type: asText(row.subscriber_type),
      operation: asText(row.operation),
      events: parseJsonColumn(row.events, []),
      object_ids: parseJsonColumn(row.object_ids, []),
      filters: row.filters === null ? null : asText(row.filters),
      integration_id: row.integration_id === null ? null : asText(row.integration_id),
      callback_url: asText(row.callback_url),
      created_at: asText(row.created_at),
    };
  }

  // ---- deliveries (the outbox) ----

  insertDelivery(delivery: {
    delivery_id: string;
    tenant: string;
    subscriber_id: string;
    event: string;
    body: string;
    next_attempt_at: number;
    created_at: number;
  }): void {
    this.run(
      `INSERT INTO deliveries (delivery_id, tenant, subscriber_id, event, body, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      delivery.delivery_id,
      delivery.tenant,
      delivery.subscriber_id,
      delivery.event,
      delivery.body,
      delivery.next_attempt_at,
      delivery.created_at,
    );
  }

  dueDeliveries(now: number, limit: number): DeliveryRow[] {
    return this.all(
      "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?",
      now,
      limit,
    ).map((row) => this.toDelivery(row));
  }

  /** When the next pending delivery is due (ms since epoch), or undefined when none is pending. */
  nextDeliveryDueAt(): number | undefined {
    const row = this.get("SELECT min(next_attempt_at) AS due FROM deliveries WHERE status = 'pending'");
    return row?.due === null || row?.due === undefined ? undefined : asNumber(row.due);
  }

  listDeliveries(
    tenant: string,
    options: { subscriberId?: string; status?: string; limit?: number } = {},
  ): DeliveryRow[] {
    const where = ['tenant = ?'];
    const params: SQLInputValue[] = [tenant];
    if (options.subscriberId) {
      where.push('subscriber_id = ?');
      params.push(options.subscriberId);
    }
    if (options.status) {
      where.push('status = ?');
      params.push(options.status);
    }
    params.push(options.limit ?? 1000);
    return this.all(
      `SELECT * FROM deliveries WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      ...params,
    ).map((row) => this.toDelivery(row));
  }

  countDeliveries(status: DeliveryStatus): number {
    return asNumber(this.get('SELECT count(*) AS n FROM deliveries WHERE status = ?', status)?.n);
  }

  recordDeliveryAttempt(
    deliveryId: string,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryStatus; nextAttemptAt: number; deliveredAt: number | null; at: number },
  ): void {
    this.transaction(() => {
      this.run(
        `INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, started_at, status_code, error, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
        deliveryId,
        attempt.attempt,
        attempt.started_at,
        attempt.status_code,
        attempt.error,
        attempt.duration_ms,
      );
      this.run(
        `UPDATE deliveries SET attempts = ?, status = CASE WHEN status = 'pending' THEN ? ELSE status END,
           next_attempt_at = ?, last_attempt_at = ?, last_status_code = ?, last_error = ?, delivered_at = ?
         WHERE delivery_id = ?`,
        attempt.attempt,
        outcome.status,
        outcome.nextAttemptAt,
        outcome.at,
        attempt.status_code,
        attempt.error,
        outcome.deliveredAt,
        deliveryId,
      );
    });
  }

  /** Drops the pending deliveries of a subscriber (it was deleted). */
  dropPendingDeliveries(subscriberId: string): number {
    const result = this.preparedStatement(
      "UPDATE deliveries SET status = 'dropped', last_error = 'subscriber deleted' WHERE subscriber_id = ? AND status = 'pending'",
    ).run(subscriberId);
    return Number(result.changes);
  }

  /** Moves a pending delivery's due time (a lease while an attempt is in flight, or a release). */
  setDeliveryDue(deliveryId: string, dueAt: number): void {
    this.run(
      "UPDATE deliveries SET next_attempt_at = ? WHERE delivery_id = ? AND status = 'pending'",
      dueAt,
      deliveryId,
    );
  }

  /** Gives up a delivery that can no longer be sent (its subscriber is gone, its body unreadable). */
  dropDelivery(deliveryId: string, reason: string): void {
    this.run(
      "UPDATE deliveries SET status = 'dropped', last_error = ? WHERE delivery_id = ? AND status = 'pending'",
      reason,
      deliveryId,
    );
  }

  listDeliveryAttempts(deliveryId: string): DeliveryAttempt[] {
    return this.all('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt', deliveryId).map(
      (row) => ({
        attempt: asNumber(row.attempt),
        started_at: asText(row.started_at),
        status_code: row.status_code === null ? null : asNumber(row.status_code),
        error: row.error === null ? null : asText(row.error),
        duration_ms: asNumber(row.duration_ms),
      }),
    );
  }

  private toDelivery(row: Row): DeliveryRow {
    const optionalNumber = (v: unknown): number | null =>
      v === null || v === undefined ? null : asNumber(v);
    return {
      delivery_id: asText(row.delivery_id),
      tenant: asText(row.tenant),
      subscriber_id: asText(row.subscriber_id),
      event: asText(row.event),
      body: asText(row.body),
      status: asText(row.status) as DeliveryStatus,
      attempts: asNumber(row.attempts),
      next_attempt_at: asNumber(row.next_attempt_at),
      created_at: asNumber(row.created_at),
      last_attempt_at: optionalNumber(row.last_attempt_at),
      last_status_code: optionalNumber(row.last_status_code),
      last_error: row.last_error === null ? null : asText(row.last_error),
      delivered_at: optionalNumber(row.delivered_at),
    };
  }

  // ---- audit log ----

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
