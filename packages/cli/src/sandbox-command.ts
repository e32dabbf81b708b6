import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { profileFilePath } from './connection-settings.js';
import { UsageError } from './errors.js';
import { parsePort } from './flag-parsers.js';
import type { RunContext } from './session.js';
import { stopSignal } from './stop-signal.js';

/** This command's flag for each start-up option of the sandbox. */
const startFlags = { port: '--port', host: '--host', databaseFile: '--db', seed: 'the seed' } as const;

/** `workspan sandbox`: the sandbox package's server in the foreground until Ctrl-C. */
export function addSandboxCommand(program: Command, context: RunContext): void {
  program
    .command('sandbox')
    .helpGroup('Local:')
    .description(
      'Run a local WorkSpan sandbox (every operation, real webhook delivery) in the foreground until Ctrl-C.',
    )
    .addOption(
      new Option('--port <n>', 'Port to listen on (0 picks a free one).')
        .default(4010)
        .argParser(parsePort('--port')),
    )
    .addOption(new Option('--host <address>', 'Interface to listen on.').default('127.0.0.1'))
    .addOption(new Option('--db <file>', 'SQLite database file, kept between runs (default: in memory).'))
    .addOption(
      new Option(
        '--bare-deliveries',
        "Deliver events as WorkSpan does: the bare payload, without the sandbox's x-workspan-* headers (no delivery id).",
      ),
    )
    .addOption(
      new Option(
        '--save-profile <name>',
        'Save the demo tenant connection as this profile, so `--profile <name>` uses it (the secret is never printed).',
      ),
    )
    .action(
      async (flags: {
        port: number;
        host: string;
        db?: string;
        saveProfile?: string;
        bareDeliveries?: boolean;
      }) => {
        const { io } = context;
        const { SandboxStartError, startSandbox } = await import('@workspan-kit/sandbox');
        const log = (level: string) => (message: string) => io.stderr.write(`${level}${message}\n`);
        const sandbox = await startSandbox({
          port: flags.port,
          host: flags.host,
          ...(flags.db ? { databaseFile: flags.db } : {}),
          ...(flags.bareDeliveries ? { delivery: { bare: true } } : {}),
          logger: { info: log(''), warn: log('warn: '), error: log('error: ') },
        }).catch((error: unknown) => {
          // One line naming the flag, its value and the fix (a bad port, host or database file).
          if (error instanceof SandboxStartError)
            throw new UsageError(error.describe(startFlags[error.option]));
          throw error;
        });
        for (const tenant of sandbox.tenants) context.redactor.add(tenant.clientSecret);
        const stop = stopSignal(io);
        try {
          const lines = [
            `WorkSpan sandbox running at ${sandbox.url} (database: ${flags.db ?? 'in memory, not saved'})`,
            'Tenants (hostname, application user id):',
            ...sandbox.tenants.map((tenant) => `  ${tenant.hostname}  ${tenant.clientId}`),
          ];
          if (flags.saveProfile) {
            const path = profileFilePath(io.env, io.homeDirectory);
            await saveProfile(path, flags.saveProfile, {
              environment: sandbox.url,
              ...sandbox.credentials,
            });
            lines.push(
              `Saved profile "${flags.saveProfile}" in ${path}: use --profile ${flags.saveProfile}.`,
            );
          } else {
            lines.push(
              'Use it with --save-profile <name> and --profile <name>, or set WORKSPAN_ENVIRONMENT,',
            );
            lines.push('WORKSPAN_CLIENT_ID, WORKSPAN_CLIENT_SECRET and WORKSPAN_HOSTNAME.');
          }
          lines.push('Press Ctrl-C to stop.');
          io.stderr.write(`${lines.join('\n')}\n`);
          await stop.promise;
        } finally {
          stop.dispose();
          await sandbox.close();
        }
      },
    );
}

/** Adds or replaces one profile, keeping the others; the file is readable by its owner only. */
async function saveProfile(path: string, name: string, profile: Record<string, string>): Promise<void> {
  let profiles: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      profiles = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UsageError(`cannot update ${path}: ${(error as Error).message}`);
  }
  profiles[name] = profile;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(profiles, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
