/** One HTTP exchange as core describes it; a transport performs it. */
export interface TransportRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
  /** Byte length of a streamed body, when known. */
  bodyLength?: number;
  signal?: AbortSignal;
  /**
   * The transport gives up after this long without a complete answer: status, headers and the
   * whole body, however steadily its bytes arrive. A streamed request body is not counted: the
   * time starts once it is sent.
   */
  timeoutMs: number;
  /**
   * The longest answer body to read, in bytes. A transport that honours it refuses a larger
   * content-length up front, stops reading (and closes the connection) once the body passes it,
   * and throws a TransportFailure with the code `answerTooLargeCode` and the answer's status.
   */
  maxAnswerBytes?: number;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

/** The largest answer a client reads unless told otherwise: 64 MiB. */
export const defaultMaxAnswerBytes = 64 * 1024 * 1024;

/** The TransportFailure code of an answer larger than the request's `maxAnswerBytes`. */
export const answerTooLargeCode = 'answer-too-large';

/** Sends one request; on failure throws a TransportFailure (or the signal's reason when aborted). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

const transportFailureBrand = Symbol.for('workspan-kit.transport-failure');

/**
 * A request that got no answer. `notSent` is true only when the server provably never received
 * it (the connection was refused or never established): then even a creating call may be resent.
 */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
  readonly code: string;
  readonly notSent: boolean;
  /** The answer's status, when one arrived before the failure (an answer too large to read). */
  readonly status: number | undefined;
  constructor(code: string, notSent: boolean, cause?: unknown, status?: number) {
    super(`transport failure: ${code}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.notSent = notSent;
    this.status = status;
    Object.defineProperty(this, transportFailureBrand, { value: true });
  }

  /** True for a TransportFailure from any copy of the package (a host's transport may use another). */
  static isInstance(value: unknown): value is TransportFailure {
    return typeof value === 'object' && value !== null && transportFailureBrand in value;
  }
}

/** Time, passed in so core starts no timers of its own (n8n's node rules forbid them). */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay a JavaScript timer takes; a longer one fires at once (Node warns and uses 1 ms). */
export const longestTimerMs = 2 ** 31 - 1;

/** `clock.sleep` for any length: a wait longer than a timer takes is slept in pieces. */
export async function sleepFor(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  let remaining = ms;
  do {
    const piece = Math.min(Math.max(0, remaining), longestTimerMs);
    await clock.sleep(piece, signal);
    remaining -= piece;
  } while (remaining > 0);
}
