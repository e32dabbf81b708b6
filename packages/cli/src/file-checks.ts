import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';

/**
 * Why `path` cannot be read as a file, in words a command-line user can act on; undefined when it
 * can. Checked before any request, so the message names the path rather than a system call.
 */
export async function unreadableFileProblem(path: string): Promise<string | undefined> {
  if (path.trim() === '') return 'the path is empty';
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    return describeFileError(path, error);
  }
  if (info.isDirectory()) return `${path} is a directory, not a file`;
  if (!info.isFile()) return `${path} is not a regular file (for a pipe, give - and send it to stdin)`;
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    return describeFileError(path, error);
  }
  return undefined;
}

export function describeFileError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `there is no file at ${path}`;
  if (code === 'EISDIR') return `${path} is a directory, not a file`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be read (permission denied)`;
  if (code === 'ENOTDIR') return `${path} is not a file path (a part of it is a file, not a folder)`;
  return `${path} cannot be read (${code ?? (error as Error).message})`;
}
