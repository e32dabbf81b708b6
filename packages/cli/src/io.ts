import { homedir } from 'node:os';

/** Something text can be written to: process.stdout, or a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything a command touches outside itself, so the program runs the same in-process and as a bin. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: AsyncIterable<Uint8Array>;
  env: Record<string, string | undefined>;
  homeDirectory: string;
  /** Aborting it stops long-running commands (listen, sandbox) as Ctrl-C would. */
  signal?: AbortSignal;
  /** Whether the command may handle SIGINT/SIGTERM itself (only the real bin). */
  handleSignals?: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    homeDirectory: homedir(),
    handleSignals: true,
  };
}
