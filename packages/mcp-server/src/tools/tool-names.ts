import type { AnyOperation } from '@workspan-kit/core';
import { kebabCase } from '@workspan-kit/core/internal';

/** `Get External IDs` → `get_external_ids` (words), `bulkLoad` → `bulk_load` (camel case). */
export function snakeCase(text: string): string {
  const words = /\s/.test(text) ? text.toLowerCase().split(/\s+/) : kebabCase(text).split('-');
  return words
    .map((word) => word.replace(/[^a-z0-9]+/g, ''))
    .filter(Boolean)
    .join('_');
}

/** An operation's tool: `workspan_<resource>_<menu name>`, such as `workspan_report_get_rows`. */
export function operationToolName(operation: AnyOperation): string {
  return `workspan_${snakeCase(operation.resource)}_${snakeCase(operation.name)}`;
}

/** A trigger's watch tool: `workspan_watch_<trigger key>`, such as `workspan_watch_object_event`. */
export function watchToolName(operation: AnyOperation): string {
  return `workspan_watch_${snakeCase(operation.key)}`;
}

export const readWatchToolName = 'workspan_watch_read';
export const stopWatchToolName = 'workspan_watch_stop';
