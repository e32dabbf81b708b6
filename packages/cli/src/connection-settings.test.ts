import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConnectionSettings } from './connection-settings.js';
import { UsageError } from './errors.js';
import { temporaryFolder } from './test-support/temporary-folders.js';

const home = temporaryFolder('workspan-settings-');
const profileFile = join(home, 'profiles.json');
writeFileSync(
  profileFile,
  JSON.stringify({
    default: {
      environment: 'sandbox',
      clientId: 'profile-id',
      clientSecret: 'profile-secret',
      hostname: 'p.workspan.com',
    },
    other: { clientId: 'other-id', clientSecret: 'other-secret', hostname: 'o.workspan.com' },
    // The connector's own names, not the CLI's.
    prod: {
      environment_url: 'https://api.workspan.com',
      client_id: 'prod-id',
      client_secret: 'prod-secret',
      hostname: 'prod.workspan.com',
    },
    partial: { clientId: 'partial-id' },
    numeric: { clientId: 42, clientSecret: 's', hostname: 'h.workspan.com' },
  }),
);

const withProfileFile = { WORKSPAN_PROFILE_FILE: profileFile };

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe('resolveConnectionSettings', () => {
  it('is undefined when nothing at all is given', async () => {
    expect(await resolveConnectionSettings({ flags: {}, env: {}, homeDirectory: home })).toBeUndefined();
  });

  it('takes each setting from flags, then environment, then profile', async () => {
    const settings = await resolveConnectionSettings({
      flags: { clientId: 'flag-id' },
      env: { ...withProfileFile, WORKSPAN_CLIENT_ID: 'env-id', WORKSPAN_HOSTNAME: 'env.workspan.com' },
      homeDirectory: home,
    });
    expect(settings).toEqual({
      environment: 'sandbox',
      clientId: 'flag-id',
      clientSecret: 'profile-secret',
      hostname: 'env.workspan.com',
    });
  });

  it('reads ~/.config/workspan/profiles.json and named profiles, defaulting to production', async () => {
    const configHome = temporaryFolder('workspan-home-');
    mkdirSync(join(configHome, '.config', 'workspan'), { recursive: true });
    writeFileSync(
      join(configHome, '.config', 'workspan', 'profiles.json'),
      JSON.stringify({ other: { clientId: 'x' } }),
    );
    expect(
      await resolveConnectionSettings({ flags: {}, env: {}, homeDirectory: configHome }),
    ).toBeUndefined();
    expect(
      await resolveConnectionSettings({
        flags: {},
        env: withProfileFile,
        homeDirectory: home,
        profile: 'other',
      }),
    ).toEqual({
      environment: 'production',
      clientId: 'other-id',
      clientSecret: 'other-secret',
      hostname: 'o.workspan.com',
    });
  });

  it('rejects an unknown named profile, listing the ones there are', async () => {
    const message = await usageError(
      resolveConnectionSettings({ flags: {}, env: withProfileFile, homeDirectory: home, profile: 'missing' }),
    );
    expect(message).toContain('no profile "missing"');
    expect(message).toContain('"default", "other"');
  });

  it('refuses an empty profile name', async () => {
    expect(
      await usageError(
        resolveConnectionSettings({ flags: {}, env: withProfileFile, homeDirectory: home, profile: ' ' }),
      ),
    ).toBe('--profile expects the name of a profile; it is empty');
  });

  it('names the profile and each key it does not know', async () => {
    const message = await usageError(
      resolveConnectionSettings({ flags: {}, env: withProfileFile, homeDirectory: home, profile: 'prod' }),
    );
    expect(message).toContain(`profile "prod" in ${profileFile}`);
    expect(message).toContain('"client_id" (did you mean "clientId"?)');
    expect(message).toContain('"client_secret" (did you mean "clientSecret"?)');
    expect(message).toContain('"environment_url"');
    expect(message).not.toContain('prod-secret');
  });

  it('names the keys an incomplete profile lacks, and where else they may come from', async () => {
    const message = await usageError(
      resolveConnectionSettings({ flags: {}, env: withProfileFile, homeDirectory: home, profile: 'partial' }),
    );
    expect(message).toContain('--client-secret or WORKSPAN_CLIENT_SECRET, --hostname or WORKSPAN_HOSTNAME');
    expect(message).toContain(`add "clientSecret", "hostname" to profile "partial" in ${profileFile}`);
    expect(message).not.toContain('--client-id');
    // What flags or variables give, the profile need not.
    expect(
      await resolveConnectionSettings({
        flags: { clientSecret: 'flag-secret' },
        env: { ...withProfileFile, WORKSPAN_HOSTNAME: 'env.workspan.com' },
        homeDirectory: home,
        profile: 'partial',
      }),
    ).toMatchObject({ clientId: 'partial-id', clientSecret: 'flag-secret', hostname: 'env.workspan.com' });
  });

  it('refuses a setting that is not text', async () => {
    const message = await usageError(
      resolveConnectionSettings({ flags: {}, env: withProfileFile, homeDirectory: home, profile: 'numeric' }),
    );
    expect(message).toContain('"clientId" must be text, not number');
  });

  it('does not fall back when WORKSPAN_* variables are set but incomplete or empty', async () => {
    const partial = await usageError(
      resolveConnectionSettings({
        flags: {},
        env: { WORKSPAN_ENVIRONMENT: 'http://127.0.0.1:9' },
        homeDirectory: home,
      }),
    );
    expect(partial).toContain('--client-id or WORKSPAN_CLIENT_ID');
    const empty = await usageError(
      resolveConnectionSettings({
        flags: {},
        env: { WORKSPAN_CLIENT_ID: '', WORKSPAN_CLIENT_SECRET: ' ', WORKSPAN_HOSTNAME: '' },
        homeDirectory: home,
      }),
    );
    expect(empty).toContain(
      '(WORKSPAN_CLIENT_ID, WORKSPAN_CLIENT_SECRET, WORKSPAN_HOSTNAME are set but empty)',
    );
  });

  it('refuses a profile file that was named but cannot be read', async () => {
    const missing = await usageError(
      resolveConnectionSettings({
        flags: {},
        env: { WORKSPAN_PROFILE_FILE: join(home, 'nope.json') },
        homeDirectory: home,
      }),
    );
    expect(missing).toContain(`there is no file at ${join(home, 'nope.json')}`);
    const directory = await usageError(
      resolveConnectionSettings({ flags: {}, env: { WORKSPAN_PROFILE_FILE: home }, homeDirectory: home }),
    );
    expect(directory).toContain(`${home} is a directory, not a file`);
  });
});
