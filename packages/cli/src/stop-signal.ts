import type { CliIO } from './io.js';

export interface StopSignal {
  /** Resolves once a stop is requested. */
  promise: Promise<void>;
  readonly stopped: boolean;
  request(): void;
  /** Removes the signal and abort listeners; call it when the command ends. */
  dispose(): void;
}

/**
 * Resolves on Ctrl-C, SIGTERM (when the command may handle signals), the caller's abort, or
 * `request()`. Signal handlers are `once`, so a second Ctrl-C kills as usual.
 */
export function stopSignal(io: Pick<CliIO, 'signal' | 'handleSignals'>): StopSignal {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  let stopped = false;
  const request = () => {
    stopped = true;
    resolve();
  };
  const onSignal = () => request();
  if (io.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const abort = io.signal;
  abort?.addEventListener('abort', onSignal, { once: true });
  if (abort?.aborted) request();
  return {
    promise,
    get stopped() {
      return stopped;
    },
    request,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      abort?.removeEventListener('abort', onSignal);
    },
  };
}
