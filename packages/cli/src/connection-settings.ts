import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionSettings } from '@workspan-kit/core';
import { UsageError } from './errors.js';

type SettingName = keyof ConnectionSettings;
const settingNames: readonly SettingName[] = ['environment', 'clientId', 'clientSecret', 'hostname'];

const environmentVariables: Record<SettingName, string> = {
  environment: 'WORKSPAN_ENVIRONMENT',
  clientId: 'WORKSPAN_CLIENT_ID',
  clientSecret: 'WORKSPAN_CLIENT_SECRET',
  hostname: 'WORKSPAN_HOSTNAME',
};

export interface ConnectionSources {
  /** Values of `--environment`, `--client-id`, `--client-secret`, `--hostname`. */
  flags: Partial<Record<SettingName, string | undefined>>;
  env: Record<string, string | undefined>;
  homeDirectory: string;
  /** `--profile`; undefined means the `default` profile, which may be absent. */
  profile?: string | undefined;
}

export function profileFilePath(env: Record<string, string | undefined>, homeDirectory: string): string {
  return env.WORKSPAN_PROFILE_FILE || join(homeDirectory, '.config', 'workspan', 'profiles.json');
}

/**
 * Each setting comes from the first source that has it: flags, then environment variables, then
 * the profile. Undefined when no source has any setting (the caller then uses the sandbox).
 */
export async function resolveConnectionSettings(
  sources: ConnectionSources,
): Promise<ConnectionSettings | undefined> {
  const profile = await readProfile(sources);
  const settings: Partial<Record<SettingName, string>> = {};
  for (const name of settingNames) {
    const value =
      nonEmpty(sources.flags[name]) ?? nonEmpty(sources.env[environmentVariables[name]]) ?? profile[name];
    if (value !== undefined) settings[name] = value;
  }
  if (Object.keys(settings).length === 0) return undefined;
  // Like the connector's dialog, production is the environment unless one is chosen.
  return {
    environment: settings.environment ?? 'production',
    clientId: settings.clientId ?? '',
    clientSecret: settings.clientSecret ?? '',
    hostname: settings.hostname ?? '',
  };
}

async function readProfile(sources: ConnectionSources): Promise<Partial<Record<SettingName, string>>> {
  const path = profileFilePath(sources.env, sources.homeDirectory);
  const name = sources.profile ?? 'default';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(`cannot read the profile file ${path} (${(error as NodeJS.ErrnoException).code})`);
    }
    if (sources.profile !== undefined)
      throw new UsageError(`no profile file at ${path} for --profile ${name}`);
    return {};
  }
  let profiles: unknown;
  try {
    profiles = JSON.parse(text);
  } catch {
    throw new UsageError(`the profile file ${path} is not valid JSON`);
  }
  const entry =
    profiles && typeof profiles === 'object' && Object.hasOwn(profiles, name)
      ? (profiles as Record<string, unknown>)[name]
      : undefined;
  if (entry === undefined) {
    if (sources.profile !== undefined) throw new UsageError(`no profile "${name}" in ${path}`);
    return {};
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new UsageError(`profile "${name}" in ${path} must be an object of connection settings`);
  }
  const result: Partial<Record<SettingName, string>> = {};
  for (const setting of settingNames) {
    const value = (entry as Record<string, unknown>)[setting];
    if (typeof value === 'string' && value.trim() !== '') result[setting] = value;
  }
  return result;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
