import { runAction } from './run-action.js';

/**
 * Runs one step of the action. Importing this module does no work: GitHub's runner starts
 * `dist/index.js`, which calls it; `@github/local-action` imports `dist/main.js` and calls it.
 */
export async function run(): Promise<void> {
  await runAction();
}
