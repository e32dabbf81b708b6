import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from './input-error.js';

/** A path given to the action, resolved in the workspace; one that leads outside it is refused. */
export function workspacePath(
  input: string,
  value: string,
  env: NodeJS.ProcessEnv,
  options: { mustExist: boolean; operationId: string },
): string {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const path = resolve(workspace, value.trim());
  const inside = relative(workspace, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new InputError(input, `a path inside the workspace; got "${value.trim()}"`, options.operationId);
  if (options.mustExist && !statSync(path, { throwIfNoEntry: false })?.isFile())
    throw new InputError(
      input,
      `a file in the workspace; there is none at "${value.trim()}"`,
      options.operationId,
    );
  return path;
}
