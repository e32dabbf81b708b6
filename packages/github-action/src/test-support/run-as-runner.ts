import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const actionFolder = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunnerResult {
  exitCode: number;
  outputs: Record<string, string>;
  env: Record<string, string>;
  summary: string;
  stdout: string;
  stderr: string;
  /** `::error::` messages. */
  errors: string[];
  /** Values registered with `::add-mask::`. */
  masks: string[];
}

export interface RunnerOptions {
  inputs: Record<string, string>;
  /** The workspace folder (a temporary one when absent). */
  workspace?: string;
  event?: { name: string; payload: unknown };
  /** Extra environment, for tests of unknown inputs. */
  env?: Record<string, string>;
  /** The folder holding action.yml (this package's own when absent), e.g. a released tree. */
  actionFolder?: string;
}

interface ActionManifest {
  inputs?: Record<string, { default?: string }>;
  runs: { using: string; main: string };
}

/**
 * Runs the bundled action as GitHub's runner does: the manifest's defaults applied, inputs as
 * `INPUT_<NAME>`, the file commands' files created and read back in their heredoc format, the event
 * in a file, and the node24 runtime (this process's Node 24) on `runs.main`.
 */
export async function runAsRunner(options: RunnerOptions): Promise<RunnerResult> {
  const folder = options.actionFolder ?? actionFolder;
  const manifest = parseYaml(readFileSync(join(folder, 'action.yml'), 'utf8')) as ActionManifest;
  if (manifest.runs.using !== 'node24')
    throw new Error(`the harness runs node24 actions, not ${manifest.runs.using}`);
  const runnerFolder = mkdtempSync(join(tmpdir(), 'workspan-action-runner-'));
  const workspace = options.workspace ?? join(runnerFolder, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(runnerFolder, 'output'),
    GITHUB_ENV: join(runnerFolder, 'env'),
    GITHUB_STEP_SUMMARY: join(runnerFolder, 'summary'),
    GITHUB_STATE: join(runnerFolder, 'state'),
    GITHUB_PATH: join(runnerFolder, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const eventPath = join(runnerFolder, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event?.payload ?? {}));

  const inputs: Record<string, string> = {};
  for (const [name, definition] of Object.entries(manifest.inputs ?? {}))
    if (definition.default !== undefined) inputs[name] = definition.default;
  Object.assign(inputs, options.inputs);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerFolder,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: options.event?.name ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/deals',
    RUNNER_TEMP: join(runnerFolder, 'temp'),
    ...files,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  try {
    const { exitCode, stdout, stderr } = await run(process.execPath, [join(folder, manifest.runs.main)], {
      cwd: workspace,
      env,
    });
    const commands = [...stdout.matchAll(/^::([a-z-]+)(?: [^:]*)?::(.*)$/gm)];
    return {
      exitCode,
      outputs: readFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      env: readFileCommand(readFileSync(files.GITHUB_ENV, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      stdout,
      stderr,
      errors: commands
        .filter((command) => command[1] === 'error')
        .map((command) => unescapeData(command[2] ?? '')),
      masks: commands
        .filter((command) => command[1] === 'add-mask')
        .map((command) => unescapeData(command[2] ?? '')),
    };
  } finally {
    rmSync(runnerFolder, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
}

/** Reads `name<<delimiter … delimiter` blocks and `name=value` lines, as the runner does. */
export function readFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++)
        body.push(lines[index] as string);
      if (index >= lines.length) throw new Error(`unterminated value for ${name}`);
      values[name] = body.join('\n');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 0) throw new Error(`malformed file command line: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
