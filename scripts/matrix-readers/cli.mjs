// The cli column of the conformance matrix (see matrix.mjs).
import { load } from './built.mjs';

/** The operations the built CLI's commands run, or undefined when the CLI is not built. */
export async function readCli() {
  const cli = await load('packages/cli/dist/index.js');
  return cli && new Set(Object.keys(cli.listOperationCommands()));
}
