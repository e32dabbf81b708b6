import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { rowsToCsv } from '@workspan-kit/core/internal';
import { reallyInWorkspace, writtenPath } from './workspace-path.js';

/**
 * Writes rows for later steps: CSV for a .csv name, JSON otherwise. The folder's real path is
 * checked again once it exists, and the file is written beside its place and renamed into it, so
 * a link at the path is replaced, never written through.
 */
export async function writeRowsFile(
  path: string,
  rows: readonly Record<string, unknown>[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const text = path.toLowerCase().endsWith('.csv') ? rowsToCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`;
  await mkdir(dirname(path), { recursive: true });
  const landing = writtenPath(path);
  if (landing === undefined || !reallyInWorkspace(landing, env))
    throw new Error(`rows-file: ${path} leads outside the workspace; nothing was written.`);
  const temporary = join(dirname(landing), `.${basename(landing)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, landing);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
