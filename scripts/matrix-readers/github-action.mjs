// The github-action column of the conformance matrix (see matrix.mjs).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { definedIds, root } from './built.mjs';

const runFile = promisify(execFile);

/** The operations the built action offers and its bundle takes, or undefined when it is not built. */
export async function readGitHubAction() {
  // The built action.yml must offer the operation, and its bundle, started as the runner starts
  // it with only that operation given, must take it (and then ask for the next input).
  const folder = join(root, 'packages/github-action');
  const bundle = join(folder, 'dist/index.js');
  if (!existsSync(bundle) || !existsSync(join(folder, 'action.yml'))) return undefined;
  const { parse } = createRequire(join(folder, 'package.json'))('yaml');
  const manifest = parse(readFileSync(join(folder, 'action.yml'), 'utf8'));
  const offered = manifest.runs?.using === 'node24' ? (manifest.inputs?.operation?.description ?? '') : '';
  const scratch = mkdtempSync(join(tmpdir(), 'matrix-action-'));
  try {
    const accepted = await Promise.all(
      definedIds.map(async (id) => {
        if (!new RegExp(`\\b${id}\\b`).test(offered)) return undefined;
        const output = join(scratch, id);
        writeFileSync(output, '');
        const { stdout } = await runFile(process.execPath, [bundle], {
          env: {
            PATH: process.env.PATH,
            INPUT_OPERATION: id,
            GITHUB_OUTPUT: output,
            GITHUB_WORKSPACE: scratch,
          },
        }).catch((error) => error);
        const refusal = /^::error::Input "([^"]+)"/m.exec(stdout ?? '');
        return refusal && refusal[1] !== 'operation' ? id : undefined;
      }),
    );
    return new Set(accepted.filter(Boolean));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
