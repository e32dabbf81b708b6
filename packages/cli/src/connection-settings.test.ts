import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConnectionSettings } from './connection-settings.js';
import { UsageError } from './errors.js';

const home = mkdtempSync(join(tmpdir(), 'workspan-settings-'));
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
  }),
);

describe('resolveConnectionSettings', () => {
  it('is undefined when nothing is configured', async () => {
    expect(await resolveConnectionSettings({ flags: {}, env: {}, homeDirectory: home })).toBeUndefined();
  });

  it('takes each setting from flags, then environment, then profile', async () => {
    const settings = await resolveConnectionSettings({
      flags: { clientId: 'flag-id' },
      env: {
        WORKSPAN_PROFILE_FILE: profileFile,
        WORKSPAN_CLIENT_ID: 'env-id',
        WORKSPAN_HOSTNAME: 'env.workspan.com',
      },
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
    const configHome = mkdtempSync(join(tmpdir(), 'workspan-home-'));
    const { mkdirSync } = await import('node:fs');
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
        env: { WORKSPAN_PROFILE_FILE: profileFile },
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

  it('rejects an unknown named profile as a usage error', async () => {
    await expect(
      resolveConnectionSettings({
        flags: {},
        env: { WORKSPAN_PROFILE_FILE: profileFile },
        homeDirectory: home,
        profile: 'missing',
      }),
    ).rejects.toBeInstanceOf(UsageError);
  });
});
