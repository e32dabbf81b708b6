import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest `globalSetup`: the tests (and the commands they start, which inherit the environment)
 * get a temporary folder of their own; anything left in it at the end fails the run, and the
 * folder goes either way, so the system temporary folder is left as it was found.
 */
export default function checkTemporaryFolder(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'workspan-cli-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(folder);
    rmSync(folder, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: fail the run explicitly.
      process.stderr.write(`error: the tests left these in the temporary folder: ${left.join(', ')}\n`);
      process.exitCode = 1;
    }
  };
}
