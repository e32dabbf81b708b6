import { catalogue, operationIds, type Resource } from '@workspan-kit/core';
import { operationTool } from './operation-tool.js';
import type { ToolEntry } from './tool-entry.js';
import { type JsonSchema, listedSchema } from './tool-schemas.js';
import { readWatchTool, startWatchTool, stopWatchTool } from './watch-tools.js';

export interface ToolSelection {
  /** Only tools that change nothing, in WorkSpan or in its subscriptions. */
  readOnly?: boolean;
  /** Only the tools of these catalogue resources; all when left out. */
  resources?: readonly Resource[];
}

/** Every tool: one per action and internal call, and the watch tools for the triggers; then the selection. */
export function toolList(selection: ToolSelection = {}): ToolEntry[] {
  const operations = operationIds.map((id) => catalogue[id]);
  const chosen = (tool: ToolEntry) =>
    (!selection.readOnly || tool.definition.annotations.readOnlyHint) &&
    (!selection.resources || selection.resources.includes(tool.resource));
  const actions = operations.filter((operation) => operation.kind !== 'trigger').map(operationTool);
  const watches = operations.filter((operation) => operation.kind === 'trigger').map(startWatchTool);
  const startable = watches.filter(chosen);
  // Reading and stopping watches is offered only where a watch can be started.
  return [
    ...actions.filter(chosen),
    ...startable,
    ...(startable.length > 0 ? [readWatchTool, stopWatchTool] : []),
  ].map(compact);
}

/** The tool as listed: its schemas without keywords that restrict nothing, one type per schema. */
function compact(tool: ToolEntry): ToolEntry {
  const { inputSchema, outputSchema } = tool.definition;
  return {
    ...tool,
    definition: {
      ...tool.definition,
      inputSchema: listedSchema(inputSchema) as JsonSchema,
      outputSchema: listedSchema(outputSchema) as JsonSchema,
    },
  };
}
