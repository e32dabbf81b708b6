import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { rowsToCsv } from '@workspan-kit/core';

/** Writes rows for later steps: CSV for a .csv name, JSON otherwise. */
export async function writeRowsFile(path: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const text = path.toLowerCase().endsWith('.csv') ? rowsToCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`;
  await writeFile(path, text);
}
