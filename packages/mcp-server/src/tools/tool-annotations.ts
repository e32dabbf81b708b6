import type { AnyOperation } from '@workspan-kit/core';

/** The hints MCP clients and directories read, in the protocol's names. */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * The hints of a tool that runs `operation`, from catalogue facts only: its effect on WorkSpan's
 * data, and whether it creates something (a repeat of a creating call adds another one).
 */
export function operationAnnotations(operation: AnyOperation, title: string): ToolAnnotations {
  return {
    title,
    readOnlyHint: operation.effect === 'read',
    destructiveHint: operation.effect === 'replace' || operation.effect === 'remove',
    idempotentHint: !operation.creates,
    // Every operation reaches WorkSpan, a system outside this server.
    openWorldHint: true,
  };
}

/** Reading what a watch received touches only this server's own memory. */
export function localReadAnnotations(title: string): ToolAnnotations {
  return { title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
}
