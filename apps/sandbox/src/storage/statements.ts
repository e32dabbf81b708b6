import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

export type Row = Record<string, SQLInputValue>;

export const asText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const asNumber = (v: unknown): number => Number(v ?? 0);
export const asNullableText = (v: unknown): string | null => (v === null ? null : asText(v));
export const parseJsonColumn = <T>(v: unknown, fallback: T): T => {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};

/**
 * Statements on one connection, each prepared once and kept by its SQL. Every table module extends
 * it; the database is one, and takes the table modules' methods as its own (see database.ts).
 */
export class Statements {
  readonly connection: DatabaseSync;
  readonly transaction: <T>(fn: () => T) => T;
  private readonly prepared = new Map<string, StatementSync>();

  constructor(connection: DatabaseSync, transaction: <T>(fn: () => T) => T) {
    this.connection = connection;
    this.transaction = transaction;
  }

  protected preparedStatement(sql: string): StatementSync {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  protected run(sql: string, ...params: SQLInputValue[]): void {
    this.preparedStatement(sql).run(...params);
  }

  protected get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.preparedStatement(sql).get(...params) as Row | undefined;
  }

  protected all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.preparedStatement(sql).all(...params) as Row[];
  }

  protected forgetStatements(): void {
    this.prepared.clear();
  }
}
