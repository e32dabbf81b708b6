export {
  parseRelayConfig,
  type RelayConfig,
  RelayConfigError,
  type RelayConfigInput,
  type RouteConfig,
  relayConfigSchema,
} from './config.js';
export { type DedupeStore, SingleReplicaDedupeStore } from './dedupe-store.js';
export { DispatchGate } from './dispatch-gate.js';
export { buildDispatchEnvelope } from './dispatch-payload.js';
export { type GitHubTokenSource, gitHubTokenSource } from './github-credentials.js';
export { type DispatchOutcome, GitHubDispatcher, type GitHubDispatcherOptions } from './github-dispatcher.js';
export { jsonLineLogger, type LogFields, type RelayLogger, silentRelayLogger } from './logger.js';
export { RelayRedactor } from './redaction.js';
export { RedisDedupeStore } from './redis-dedupe-store.js';
export { createRelayHandler, type FetchHandler, type RelayHandlerOptions } from './relay-handler.js';
export { createRelay, type RelayParts, type RunningRelay, startRelay } from './relay-server.js';
