import type { Resource, WorkSpanClient } from '@workspan-kit/core';
import type { WatchRegistry } from '../watch/watch-registry.js';
import type { ToolAnnotations } from './tool-annotations.js';
import type { JsonSchema } from './tool-schemas.js';

/** A tool as `tools/list` gives it. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations: ToolAnnotations;
}

/** A tool's answer as `tools/call` gives it. */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** What a call has to work with: the connection, the session's watches, the request's signal and progress. */
export interface ToolContext {
  client: WorkSpanClient;
  watches: WatchRegistry;
  /** The MCP session the call came in (watches belong to it). */
  sessionKey: string;
  signal: AbortSignal;
  /** Reports progress when the caller asked for it (a progress token); does nothing otherwise. */
  progress(progress: number, message: string, total?: number): Promise<void>;
  /** The largest answer, in bytes of JSON, before lists are cut. */
  maxAnswerBytes: number;
}

export interface ToolEntry {
  definition: ToolDefinition;
  /** The catalogue resource the tool belongs to, for the resource filter. */
  resource: Resource;
  call(argumentsGiven: Record<string, unknown>, context: ToolContext): Promise<ToolResult>;
}
