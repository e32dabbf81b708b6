import * as actions from '@actions/core';

/**
 * A log line. Text from WorkSpan or an event (an event name, an execution id) may hold line breaks;
 * a line after one that starts with `::` would be a workflow command (`::error::`, `::add-mask::`),
 * so the breaks are shown as `\n` instead.
 */
export function logLine(text: string): void {
  actions.info(text.replace(/\r\n|\r|\n|\u2028|\u2029/g, '\\n'));
}
