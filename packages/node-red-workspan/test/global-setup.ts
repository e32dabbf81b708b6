import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createUserDirectory, ensureRuntime, packPackages } from '../runtime/node-red-runtime.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed tarballs, and a user directory where npm installed them, shared by every test file. */
    nodeRedPackage: { tarballs: string[]; installed: string };
  }
}

/** Installs both Node-RED runtimes, packs the package and installs it with npm, once per test run. */
export default async function setup(project: TestProject) {
  // npm and Node-RED on Node 24 keep a compile cache in the temp folder: give them one this run removes.
  const compileCache = await mkdtemp(join(tmpdir(), 'workspan-compile-cache-'));
  process.env.NODE_COMPILE_CACHE = compileCache;
  await ensureRuntime(5);
  await ensureRuntime(4);
  const packed = await mkdtemp(join(tmpdir(), 'workspan-pack-'));
  const tarballs = await packPackages(packed);
  const installed = await createUserDirectory(tarballs);
  project.provide('nodeRedPackage', { tarballs, installed });
  return async () => {
    await rm(packed, { recursive: true, force: true });
    await rm(installed, { recursive: true, force: true });
    await rm(compileCache, { recursive: true, force: true });
  };
}
