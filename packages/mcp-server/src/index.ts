export { readCommandLine, usage } from './command-line.js';
export { connectionFromEnvironment } from './connection-settings.js';
export { createMcpServer, type ServerRuntime } from './mcp-server.js';
export { defaultStateFile, type RunningServer, type StartOptions, startServer } from './start-server.js';
export { toolTable } from './tool-table.js';
export type { ToolDefinition, ToolEntry } from './tools/tool-entry.js';
export { type ToolSelection, toolList } from './tools/tool-list.js';
export { operationToolName, watchToolName } from './tools/tool-names.js';
