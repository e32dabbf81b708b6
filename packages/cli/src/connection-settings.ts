import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionSettings } from '@workspan-kit/core';
import { closest, distance } from 'fastest-levenshtein';
import { UsageError } from './errors.js';
import { describeFileError } from './file-checks.js';

type SettingName = keyof ConnectionSettings;
const settingNames: readonly SettingName[] = ['environment', 'clientId', 'clientSecret', 'hostname'];
/** Without these nothing can be called; the environment defaults to production. */
const requiredSettings: readonly SettingName[] = ['clientId', 'clientSecret', 'hostname'];

const environmentVariables: Record<SettingName, string> = {
  environment: 'WORKSPAN_ENVIRONMENT',
  clientId: 'WORKSPAN_CLIENT_ID',
  clientSecret: 'WORKSPAN_CLIENT_SECRET',
  hostname: 'WORKSPAN_HOSTNAME',
};

const flagNames: Record<SettingName, string> = {
  environment: '--environment',
  clientId: '--client-id',
  clientSecret: '--client-secret',
  hostname: '--hostname',
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

interface Profile {
  name: string;
  path: string;
  settings: Partial<Record<SettingName, string>>;
}

/**
 * Each setting comes from the first source that has it: flags, then environment variables, then
 * the profile. Undefined when nothing at all was given (the caller then uses the sandbox); once
 * anything was given (a flag, a `WORKSPAN_*` variable even if empty, a profile), the connection
 * must be complete, so a mistake never lands on a throwaway sandbox.
 */
export async function resolveConnectionSettings(
  sources: ConnectionSources,
): Promise<ConnectionSettings | undefined> {
  const profile = await readProfile(sources);
  const settings: Partial<Record<SettingName, string>> = {};
  let given = profile !== undefined;
  for (const name of settingNames) {
    if (sources.flags[name] !== undefined || sources.env[environmentVariables[name]] !== undefined)
      given = true;
    const value =
      nonEmpty(sources.flags[name]) ??
      nonEmpty(sources.env[environmentVariables[name]]) ??
      profile?.settings[name];
    if (value !== undefined) settings[name] = value;
  }
  if (!given) return undefined;
  const missing = requiredSettings.filter((name) => settings[name] === undefined);
  if (missing.length > 0) throw new UsageError(describeMissing(missing, sources, profile));
  // Like the connector's dialog, production is the environment unless one is chosen.
  return {
    environment: settings.environment ?? 'production',
    clientId: settings.clientId ?? '',
    clientSecret: settings.clientSecret ?? '',
    hostname: settings.hostname ?? '',
  };
}

function describeMissing(
  missing: readonly SettingName[],
  sources: ConnectionSources,
  profile: Profile | undefined,
): string {
  const ways = missing.map((name) => `${flagNames[name]} or ${environmentVariables[name]}`);
  const empty = missing
    .map((name) => environmentVariables[name])
    .filter((variable) => sources.env[variable] !== undefined);
  const lines = [`the connection is incomplete: give ${ways.join(', ')}`];
  if (profile)
    lines.push(
      `or add ${missing.map((name) => `"${name}"`).join(', ')} to profile "${profile.name}" in ${profile.path}`,
    );
  if (empty.length > 0)
    lines.push(`(${empty.join(', ')} ${empty.length === 1 ? 'is' : 'are'} set but empty)`);
  return lines.join('\n');
}

async function readProfile(sources: ConnectionSources): Promise<Profile | undefined> {
  const path = profileFilePath(sources.env, sources.homeDirectory);
  if (sources.profile?.trim() === '')
    throw new UsageError('--profile expects the name of a profile; it is empty');
  const name = sources.profile ?? 'default';
  // A file named by the variable, or a profile named by the flag, was asked for: it must exist.
  const asked = sources.profile !== undefined || Boolean(sources.env.WORKSPAN_PROFILE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || asked) {
      const reason = sources.profile === undefined ? '' : ` for --profile ${name}`;
      throw new UsageError(`cannot read the profile file${reason}: ${describeFileError(path, error)}`);
    }
    return undefined;
  }
  let profiles: unknown;
  try {
    profiles = JSON.parse(text);
  } catch {
    throw new UsageError(`the profile file ${path} is not valid JSON`);
  }
  if (!profiles || typeof profiles !== 'object' || Array.isArray(profiles))
    throw new UsageError(`the profile file ${path} must hold a JSON object of profiles by name`);
  const entry = Object.hasOwn(profiles, name) ? (profiles as Record<string, unknown>)[name] : undefined;
  if (entry === undefined) {
    if (sources.profile !== undefined) {
      const names = Object.keys(profiles);
      const known = names.length > 0 ? ` (it has ${names.map((n) => `"${n}"`).join(', ')})` : '';
      throw new UsageError(`no profile "${name}" in ${path}${known}`);
    }
    return undefined;
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new UsageError(`profile "${name}" in ${path} must be an object of connection settings`);
  }
  const unknown = Object.keys(entry).filter((key) => !(settingNames as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `profile "${name}" in ${path} has keys the CLI does not know: ${unknown.map(describeUnknownKey).join(', ')}; ` +
        `a profile holds ${settingNames.map((setting) => `"${setting}"`).join(', ')}`,
    );
  }
  const settings: Partial<Record<SettingName, string>> = {};
  for (const setting of settingNames) {
    const value = (entry as Record<string, unknown>)[setting];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new UsageError(`profile "${name}" in ${path}: "${setting}" must be text, not ${typeof value}`);
    if (value.trim() !== '') settings[setting] = value;
  }
  return { name, path, settings };
}

/** `"client_id" (did you mean "clientId"?)` */
function describeUnknownKey(key: string): string {
  const normalized = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
  const nearest = closest(normalized(key), settingNames.map(normalized));
  const index = settingNames.map(normalized).indexOf(nearest);
  const close = distance(normalized(key), nearest) <= Math.max(1, Math.floor(key.length * 0.3));
  return close ? `"${key}" (did you mean "${settingNames[index]}"?)` : `"${key}"`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
