import { type ClientOptions, WorkSpanClient } from './client/client.js';
import { nodeClock, nodeFileAccess } from './node/node-runtime.js';
import { createUndiciTransport } from './node/undici-transport.js';

export * from './index.js';
export { nodeClock, nodeFileAccess } from './node/node-runtime.js';
export { type CappedBody, readCappedBody } from './node/read-body.js';
export { createUndiciTransport, type UndiciTransportOptions } from './node/undici-transport.js';

export type NodeClientOptions = Omit<ClientOptions, 'transport' | 'clock'> &
  Partial<Pick<ClientOptions, 'transport' | 'clock'>>;

/** A client with Node defaults: undici keep-alive transport, real timers, files streamed from disk. */
export function createWorkSpanClient(options: NodeClientOptions): WorkSpanClient {
  return new WorkSpanClient({
    files: nodeFileAccess,
    ...options,
    transport: options.transport ?? createUndiciTransport(),
    clock: options.clock ?? nodeClock,
  });
}
