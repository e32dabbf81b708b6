// A started command's output, and waiting (with an end) for a line in it.
import { type ChildProcess, spawn } from 'node:child_process';

export interface StartedCommand {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Stops it with SIGTERM (SIGKILL after 10 s) and resolves with its exit code or signal. */
  stop(): Promise<number | string>;
}

export function startCommand(command: string, args: string[], env: Record<string, string>): StartedCommand {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exit: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ?? code ?? 1;
      for (const listener of listeners) listener();
      resolve(exit);
    }),
  );
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(() => resolve(match));
          else if (exit !== undefined)
            finish(() => reject(new Error(`${command} exited (${exit}) before ${pattern}:\n${output}`)));
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`no ${pattern} from ${command} within ${timeoutMs} ms:\n${output}`)),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (exit !== undefined) return exit;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(forced);
      return result;
    },
  };
}
