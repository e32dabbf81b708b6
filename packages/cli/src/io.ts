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
  /**
   * Aborting it stops long-running commands (listen, sandbox) as Ctrl-C would. Aborted with an
   * `OutputClosedError` when the reader of stdout goes away.
   */
  signal?: AbortSignal;
  /** Whether the command may handle SIGINT/SIGTERM itself (only the real bin). */
  handleSignals?: boolean;
}

/** The reader of stdout went away (`workspan ... | head -1`): the command stops without a word. */
export class OutputClosedError extends Error {
  override name = 'OutputClosedError';
  constructor() {
    super('the reader of the output has gone');
  }
}

export function processIO(): CliIO {
  const outputClosed = new AbortController();
  return {
    stdout: closableStdout(outputClosed),
    stderr: ignoringClosedPipe(process.stderr),
    stdin: process.stdin,
    env: process.env,
    homeDirectory: homedir(),
    signal: outputClosed.signal,
    handleSignals: true,
  };
}

/**
 * Node reports a closed pipe as an EPIPE error event, which would end the process with a stack
 * trace. As Unix tools do, the command instead stops quietly: the next write throws
 * `OutputClosedError`, and long-running commands are stopped through the signal.
 */
function closableStdout(outputClosed: AbortController): OutputStream {
  const stdout = ignoringClosedPipe(process.stdout, () => outputClosed.abort(new OutputClosedError()));
  return {
    write(text) {
      if (outputClosed.signal.aborted) throw new OutputClosedError();
      return stdout.write(text);
    },
    get isTTY() {
      return stdout.isTTY;
    },
    get columns() {
      return stdout.columns;
    },
  };
}

function ignoringClosedPipe<Stream extends NodeJS.WriteStream>(
  stream: Stream,
  onClosed?: () => void,
): Stream {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    onClosed?.();
  });
  return stream;
}

/**
 * Whether a command ended because its output was closed, which is not a failure. Only that error
 * itself (or an abort it caused): any other error, such as a subscription left behind, is reported.
 */
export function endedByClosedOutput(error: unknown): boolean {
  return (
    error instanceof OutputClosedError || (error as { cause?: unknown })?.cause instanceof OutputClosedError
  );
}
