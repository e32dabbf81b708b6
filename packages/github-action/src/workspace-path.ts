import { lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from './input-error.js';

/**
 * A path given to the action, resolved in the workspace; one that leads outside it is refused,
 * also through a symbolic link (the file's own or any folder's on the way): its real path is
 * checked. A file to write is checked by its folder, since it is written next to it and renamed
 * into place (`writeInWorkspace`), replacing a link rather than following it.
 */
export function workspacePath(
  input: string,
  value: string,
  env: NodeJS.ProcessEnv,
  options: { mustExist: boolean; operationId: string },
): string {
  const workspace = workspaceOf(env);
  const path = resolve(workspace, value.trim());
  const outside = () =>
    new InputError(input, `a path inside the workspace; got "${value.trim()}"`, options.operationId);
  if (!isInside(workspace, path)) throw outside();
  if (options.mustExist && !statSync(path, { throwIfNoEntry: false })?.isFile())
    throw new InputError(
      input,
      `a file in the workspace; there is none at "${value.trim()}"`,
      options.operationId,
    );
  if (
    !options.mustExist &&
    (/[\\/]$/.test(value.trim()) || statSync(path, { throwIfNoEntry: false })?.isDirectory())
  )
    throw new InputError(
      input,
      `a file path in the workspace, not a folder; got "${value.trim()}"`,
      options.operationId,
    );
  const real = options.mustExist ? realPath(path) : writtenPath(path);
  if (real === undefined || !isInside(realpathSync(workspace), real)) throw outside();
  return path;
}

/** Where a file written at `path` really lands: its folder's real path, and its own name. */
export function writtenPath(path: string): string | undefined {
  const folder = realPath(dirname(path));
  return folder === undefined ? undefined : resolve(folder, basename(path));
}

/** Whether `path` really lies inside the workspace (links resolved). */
export function reallyInWorkspace(path: string, env: NodeJS.ProcessEnv): boolean {
  return isInside(realpathSync(workspaceOf(env)), path);
}

function workspaceOf(env: NodeJS.ProcessEnv): string {
  return resolve(env.GITHUB_WORKSPACE || process.cwd());
}

function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/**
 * The real path of `path`, or of the nearest part of it that exists with the rest appended;
 * undefined when a link on the way leads nowhere.
 */
function realPath(path: string): string | undefined {
  const missing: string[] = [];
  let existing = path;
  while (!lstatSync(existing, { throwIfNoEntry: false })) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(basename(existing));
    existing = parent;
  }
  try {
    return resolve(realpathSync(existing), ...missing);
  } catch {
    return undefined;
  }
}
