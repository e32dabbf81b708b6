// Test doubles for the relay's tests, the GitHub Action's end-to-end test and the benchmarks.
export { GitHubStandIn, type ReceivedDispatch, type ScriptedAnswer } from './test-support/github-stand-in.js';
export { ensureRedisServer, freePort, RedisServerProcess } from './test-support/redis-server.js';
