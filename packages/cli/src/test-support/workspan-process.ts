import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporaryFolder } from './temporary-folders.js';

/** The built bin: tests run exactly what users run. */
export const binPath = fileURLToPath(new URL('../../dist/workspan.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm exec tsup\` first`);
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every output of every run, so a test can check that no secret ever appeared. */
export const allOutputs: string[] = [];

/** Environment without any WorkSpan settings of the machine running the tests, and an empty home. */
export function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('WORKSPAN_')) env[name] = value;
  }
  const home = temporaryFolder('workspan-cli-home-');
  return { ...env, HOME: home, NO_COLOR: '1', ...extra };
}

export interface Started {
  child: ChildProcess;
  /** Resolves when `text` has appeared on stderr. */
  stderrIncludes(text: string, timeoutMs?: number): Promise<void>;
  finished: Promise<Finished>;
  /** What it has written to stderr so far. */
  stderrSoFar(): string;
}

/** Starts `node dist/workspan.js ...args` (asynchronously: the sandbox runs in this process). */
export function startWorkspan(args: readonly string[], env: Record<string, string>, stdin?: string): Started {
  assertBuilt();
  const child = spawn(process.execPath, [binPath, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of waiters.filter((w) => stderr.includes(w.text))) waiter.resolve();
  });
  child.stdin?.end(stdin ?? '');
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      allOutputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    child,
    finished,
    stderrSoFar: () => stderr,
    stderrIncludes(text, timeoutMs = 15_000) {
      if (stderr.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`"${text}" did not appear on stderr; got:\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        finished.then(() => {
          if (!stderr.includes(text)) reject(new Error(`exited before "${text}"; stderr:\n${stderr}`));
        });
      });
    },
  };
}

export function workspan(
  args: readonly string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<Finished> {
  return startWorkspan(args, env, stdin).finished;
}

/** Runs the bin with its stdout read as `| head -c N` would: the pipe closes after the first chunk. */
export function workspanClosingOutput(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; firstChunk: string; stderr: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [binPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let firstChunk = '';
  let stderr = '';
  child.stdout?.once('data', (chunk: Buffer) => {
    firstChunk = chunk.toString('utf8');
    child.stdout?.destroy();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      allOutputs.push(stderr);
      resolve({ code, signal, firstChunk, stderr });
    });
  });
}
