// GitHub's @github/local-action, pinned by the lockfile in ../../local-action and installed on
// first use into the test cache (never by `pnpm install`).
import { join } from 'node:path';
import { installOnFirstUse, npmCi } from '@workspan-kit/test-kit';
import { actionFolder } from './run-as-runner.js';

const definition = join(actionFolder, 'local-action');

/** Installs local-action once and returns the path of its command-line entry. */
export async function ensureLocalAction(): Promise<string> {
  const folder = await installOnFirstUse({
    name: 'github-local-action',
    pinnedFiles: [join(definition, 'package.json'), join(definition, 'package-lock.json')],
    install: npmCi,
  });
  return join(folder, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
}
