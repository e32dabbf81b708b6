// What the suites share, each written once. The temporary-folder check is its own entry
// (`@workspan-kit/test-kit/temporary-folder-check`), as vitest loads a global setup by path.
export {
  ensureDebianPackage,
  type FirstUseInstall,
  installFolder,
  installOnFirstUse,
  npmCi,
  runIn,
  testCacheRoot,
} from './first-use-install.js';
export { freePort } from './free-port.js';
export { GitHubStandIn, type ReceivedDispatch, type ScriptedAnswer } from './github-stand-in.js';
export { ensureRedisServer, RedisServerProcess } from './redis-server.js';
export {
  type AdminAnswer,
  type AdminAnswers,
  type AdminRequest,
  askSandboxAdmin,
  connectionVariables,
  createOpportunity,
  expectAdminSuccess,
  type HttpSender,
  parseAnswerText,
  type SandboxAddress,
  type SandboxObject,
  sandboxAdmin,
  seededIntegrations,
} from './sandbox-admin.js';
export { uniqueTag, type WaitOptions, waitFor, waitUntil } from './waiting.js';
export {
  type ReceivedRequest,
  type WebhookAnswer,
  WebhookReceiver,
  type WebhookReceiverOptions,
} from './webhook-receiver.js';
