import type { ReportColumnType, ReportFilterContainer } from '@workspan-kit/core/spec';
/** Types shared by the database, the routes, the bulk runner and the delivery worker. */

export type ObjectType = 'opportunity' | 'account';
export const objectTypes: readonly ObjectType[] = ['opportunity', 'account'];

/** Field values are stored flat, keyed by dotted WorkSpan field names (`sales_details.partner`). */
export type Fields = Record<string, unknown>;

export type ColumnType = 'string' | 'number' | 'date' | 'enum' | 'boolean';

export interface IntegrationColumn {
  /** Column name in uploaded files (`opportunity_id`). */
  column: string;
  /** WorkSpan field the column is stored in (`sales_details.crm_opportunity_id`). */
  field: string;
  type: ColumnType;
  /** Required on create (the key column is always required). */
  required?: boolean;
  /** Allowed values for `enum` columns. */
  values?: string[];
  description?: string;
}

export interface Integration {
  integration_id: string;
  integration_type: string;
  name: string;
  description: string;
  object_type: ObjectType;
  /** Column that identifies a record (upsert key). */
  key_column: string;
  /** Columns in declared order (the order used for CSV files without header row). */
  columns: IntegrationColumn[];
}

export interface StoredObject {
  object_id: string;
  object_type: ObjectType;
  integration_id: string | null;
  fields: Fields;
  created_at: string;
  updated_at: string;
}

export interface Person {
  id: string;
  name?: string;
}

export interface ReportColumn {
  colId: string;
  /** Stored field, or `object_id`, `object_type`, `integration_id`, `created_at`, `updated_at`. */
  field: string;
  type: ReportColumnType;
  label?: string;
}

export interface Report {
  id: number;
  name: string;
  description: string;
  reportStatus: 'DRAFT' | 'PUBLISHED';
  createdAt: string;
  createdBy: Person;
  modifiedAt: string;
  modifiedBy: Person;
  object_type: ObjectType;
  columns: ReportColumn[];
  /** Applied before the caller's filters (e.g. "stage = won"). */
  base_filter?: ReportFilterContainer;
}

export interface Subscriber {
  subscriber_id: string;
  tenant: string;
  name: string;
  subscriber_type: string;
  operation: string;
  events: string[];
  object_ids: string[];
  filters: string | null;
  integration_id: string | null;
  callback_url: string;
  created_at: string;
}

export type ExecutionStatus = 'running' | 'completed';
export type DataFormat = 'csv' | 'json' | 'xlsx';

export interface Execution {
  execution_id: string;
  tenant: string;
  integration_id: string;
  operation: string;
  data_format: DataFormat;
  column_delimiter: string;
  has_header_row: boolean;
  status: ExecutionStatus;
  input_count: number;
  success_count: number;
  error_count: number;
  skip_count: number;
  created_at: string;
  started_at: string;
  completed_at: string | null;
  payload_path: string | null;
  payload_bytes: number;
}

export interface ExecutionError {
  id: string;
  message: string;
  data_row: Record<string, unknown>;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface DeliveryRow {
  delivery_id: string;
  tenant: string;
  subscriber_id: string;
  event: string;
  /** The JSON body sent on every attempt: the event payload itself. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

export interface DeliveryAttempt {
  attempt: number;
  started_at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Tenant {
  hostname: string;
  name: string;
  created_at: string;
}

export interface AppUser {
  tenant: string;
  client_id: string;
  client_secret: string;
  name: string;
}
