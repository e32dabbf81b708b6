// The core column of the conformance matrix (see matrix.mjs).
import { load } from './built.mjs';

/** The operations of the built catalogue, or undefined when core is not built. */
export async function readCore() {
  const core = await load('packages/core/dist/index.js');
  return core && new Set(Object.keys(core.catalogue));
}
