import { DatabaseSync } from 'node:sqlite';
import { openSchema, tables } from './schema.js';
import { Statements } from './statements.js';
import { AppUsersTable } from './tables/app-users.js';
import { AuditLogTable } from './tables/audit-log.js';
import { DeliveriesTable } from './tables/deliveries.js';
import { DeliveryAttemptsTable } from './tables/delivery-attempts.js';
import { ExecutionErrorsTable } from './tables/execution-errors.js';
import { ExecutionsTable } from './tables/executions.js';
import { IntegrationsTable } from './tables/integrations.js';
import { ObjectsTable } from './tables/objects.js';
import { ReportsTable } from './tables/reports.js';
import { SubscribersTable } from './tables/subscribers.js';
import { TenantsTable } from './tables/tenants.js';
import { TokensTable } from './tables/tokens.js';
import { TypeVersionsTable } from './tables/type-versions.js';
import { createTransactionRunner } from './transaction.js';

export type { AuditEntry } from './tables/audit-log.js';

/** The table modules whose methods the database offers: one module per table. */
const tableModules = [
  TenantsTable,
  AppUsersTable,
  TokensTable,
  IntegrationsTable,
  ObjectsTable,
  TypeVersionsTable,
  ReportsTable,
  ExecutionsTable,
  ExecutionErrorsTable,
  SubscribersTable,
  DeliveryAttemptsTable,
  DeliveriesTable,
  AuditLogTable,
];

/**
 * The sandbox's state in SQLite (`node:sqlite`): a file, or memory when no file is given. One
 * connection and one statement cache; the reads and writes of each table are in `tables/`, and
 * this class offers them all under their own names (`db.listSubscribers(…)`).
 */
class DatabaseConnection extends Statements {
  readonly file: string | undefined;
  /** True when this database was created by this process (so it gets seeded). */
  readonly isNew: boolean;

  constructor(file?: string) {
    const connection = new DatabaseSync(file ?? ':memory:');
    super(connection, createTransactionRunner(connection));
    this.file = file;
    connection.exec('PRAGMA foreign_keys = OFF; PRAGMA busy_timeout = 5000;');
    if (file) connection.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.isNew = openSchema(connection, file);
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  close(): void {
    if (!this.connection.isOpen) return;
    this.forgetStatements();
    this.connection.close();
  }

  /** Deletes every row of every table (the schema stays). */
  wipe(): void {
    this.transaction(() => {
      for (const table of tables) this.connection.exec(`DELETE FROM ${table}`);
    });
  }
}

type UnionToIntersection<Union> = (Union extends unknown ? (value: Union) => void : never) extends (
  value: infer Intersection,
) => void
  ? Intersection
  : never;
type TableMethods = UnionToIntersection<InstanceType<(typeof tableModules)[number]>>;

// Each table module's methods become the database's own: they run on its connection and cache.
// Two modules with a method of one name would leave one of them unreachable, so that fails here.
for (const module of tableModules) {
  for (const [name, property] of Object.entries(Object.getOwnPropertyDescriptors(module.prototype))) {
    if (name === 'constructor') continue;
    if (name in DatabaseConnection.prototype) throw new Error(`two table modules define ${name}`);
    Object.defineProperty(DatabaseConnection.prototype, name, property);
  }
}

export type SandboxDatabase = DatabaseConnection & TableMethods;
export const SandboxDatabase = DatabaseConnection as new (file?: string) => SandboxDatabase;
