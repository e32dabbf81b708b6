// The install tests' global setup: one registry for the run, every public package published to it.
import type { TestProject } from 'vitest/node';
import { publishAll, startLocalRegistry } from './local-registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    registryUrl: string;
    registryEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const registry = await startLocalRegistry();
  try {
    publishAll(registry);
  } catch (error) {
    await registry.close();
    const failure = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `pnpm release:publish failed: ${failure.stderr ?? ''}${failure.stdout ?? ''}${failure.message}`,
    );
  }
  project.provide('registryUrl', registry.url);
  project.provide('registryEnv', registry.env);
  return () => registry.close();
}
