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
  /** The transport gives up after this long without a complete answer. */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

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
  constructor(code: string, notSent: boolean, cause?: unknown) {
    super(`transport failure: ${code}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.notSent = notSent;
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
