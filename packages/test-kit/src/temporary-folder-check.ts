// A vitest global setup: the run's temporary files go to a folder of their own, removed at the end,
// and a test that leaves anything there fails the run, naming what it left. Test processes (and the
// commands they start) begin after this runs, so they inherit the folder through TMPDIR (what
// os.tmpdir() reads).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const variables = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function checkTemporaryFolder(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'workspan-test-run-'));
  const previous = variables.map((name) => process.env[name]);
  for (const name of variables) process.env[name] = folder;
  return () => {
    variables.forEach((name, index) => {
      const value = previous[index];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    });
    const left = readdirSync(folder);
    rmSync(folder, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0, so the exit code is set as well.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} entries in the temporary folder (${left.join(', ')}): remove each where it is created`,
      );
    }
  };
}
