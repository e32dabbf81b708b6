import type { ConnectionSettings } from '@workspan-kit/core';

/** The connection's variables, the same the `workspan` command reads. */
export const connectionVariables = {
  environment: 'WORKSPAN_ENVIRONMENT',
  clientId: 'WORKSPAN_CLIENT_ID',
  clientSecret: 'WORKSPAN_CLIENT_SECRET',
  hostname: 'WORKSPAN_HOSTNAME',
} as const;

/**
 * The connection from `WORKSPAN_*` variables; undefined when none is set (the built-in sandbox
 * then serves). Once one is set, the rest must be, so a typo never lands on a throwaway sandbox.
 */
export function connectionFromEnvironment(
  env: Record<string, string | undefined>,
): ConnectionSettings | undefined {
  const value = (name: string) => (env[name]?.trim() ? env[name] : undefined);
  if (Object.values(connectionVariables).every((name) => env[name] === undefined)) return undefined;
  const missing = [
    connectionVariables.clientId,
    connectionVariables.clientSecret,
    connectionVariables.hostname,
  ].filter((name) => value(name) === undefined);
  if (missing.length > 0)
    throw new Error(
      `the WorkSpan connection is incomplete: set ${missing.join(', ')} (or unset every WORKSPAN_* variable to use the built-in sandbox)`,
    );
  return {
    environment: value(connectionVariables.environment) ?? 'production',
    clientId: value(connectionVariables.clientId) ?? '',
    clientSecret: value(connectionVariables.clientSecret) ?? '',
    hostname: value(connectionVariables.hostname) ?? '',
  };
}
