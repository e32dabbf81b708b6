import { type Clock, longestTimerMs } from './transport.js';

export interface ThrottleOptions {
  /** Calls allowed per window (WorkSpan: 100). */
  limit: number;
  /** Window length in milliseconds (WorkSpan: 60 000). */
  windowMs: number;
}

interface Waiter {
  resolve: (slot: ThrottleSlot) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  queuedAt: number;
  /** The longest server pause this caller waits out. */
  maxPauseMs: number;
}

const pausedBrand = Symbol.for('workspan-kit.throttle-paused');

/**
 * What `acquire` rejects with when the server paused the connection for longer than the caller
 * waits: `until` is when the pause ends (ms since the epoch, by the throttle's clock).
 */
export class ThrottlePaused extends Error {
  override name = 'ThrottlePaused';
  readonly until: number;
  constructor(until: number) {
    super(`paused until ${until}`);
    this.until = until;
    Object.defineProperty(this, pausedBrand, { value: true });
  }

  /** True for a ThrottlePaused from any copy of the package (a shared throttle may come from another). */
  static isInstance(value: unknown): value is ThrottlePaused {
    return typeof value === 'object' && value !== null && pausedBrand in value;
  }
}

export interface ThrottleSlot {
  /** Marks the call answered; its slot frees one window later. */
  release(): void;
}

/**
 * Paces calls so that no window of `windowMs` holds more than `limit` of them, however the
 * server aligns its windows: a call occupies its slot from sending until one window after its
 * answer (the server counted it somewhere in between). Waiting calls are served in order.
 */
export class Throttle {
  readonly #options: ThrottleOptions;
  readonly #clock: Clock;
  /** Calls sent and not yet answered. */
  #inFlight = 0;
  /** Answer times of calls still inside their window, oldest first (answers arrive in clock order). */
  readonly #answered: number[] = [];
  #answeredHead = 0;
  readonly #waiters: Waiter[] = [];
  #pausedUntil = 0;
  #wakeAt: number | undefined;
  readonly #onWait: ((waitMs: number) => void) | undefined;

  constructor(options: ThrottleOptions, clock: Clock, onWait?: (waitMs: number) => void) {
    this.#options = options;
    this.#clock = clock;
    this.#onWait = onWait;
  }

  /**
   * A slot for one call, once the window has room and no server pause holds. A caller that will
   * not wait out a pause longer than `maxPauseMs` is refused with `ThrottlePaused`, at once or
   * when such a pause begins while it waits.
   */
  acquire(signal?: AbortSignal, maxPauseMs = Number.POSITIVE_INFINITY): Promise<ThrottleSlot> {
    signal?.throwIfAborted();
    const now = this.#clock.now();
    if (this.#pausedUntil - now > maxPauseMs) return Promise.reject(new ThrottlePaused(this.#pausedUntil));
    // The common case, nobody waiting and room in the window, skips the queue.
    if (this.#waiters.length === 0) {
      if (this.#pausedUntil <= now) {
        this.#prune(now);
        if (this.#inFlight + this.#answered.length - this.#answeredHead < this.#options.limit) {
          return Promise.resolve(this.#grant());
        }
      }
    }
    return new Promise<ThrottleSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        queuedAt: now,
        maxPauseMs,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal?.reason);
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  /** Stops every call until `until` (from a server's Retry-After). */
  pauseUntil(until: number): void {
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    this.#refuseImpatient();
  }

  /** When the server's pause ends (ms since the epoch; in the past when there is none). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Refuses the waiters that will not wait out the pause now in force. */
  #refuseImpatient(): void {
    const pauseMs = this.#pausedUntil - this.#clock.now();
    for (const waiter of this.#waiters.filter((queued) => pauseMs > queued.maxPauseMs)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(new ThrottlePaused(this.#pausedUntil));
    }
  }

  #pump(): void {
    while (this.#waiters.length > 0) {
      const now = this.#clock.now();
      if (this.#pausedUntil > now) {
        this.#wakeLater(this.#pausedUntil);
        return;
      }
      this.#prune(now);
      if (this.#inFlight + this.#answered.length - this.#answeredHead >= this.#options.limit) {
        // With nothing answered yet, every slot is in flight: a release will pump again.
        if (this.#answeredHead < this.#answered.length) {
          this.#wakeLater((this.#answered[this.#answeredHead] as number) + this.#options.windowMs);
        }
        return;
      }
      const waiter = this.#waiters.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      const waited = now - waiter.queuedAt;
      if (waited > 0) this.#onWait?.(waited);
      waiter.resolve(this.#grant());
    }
  }

  #grant(): ThrottleSlot {
    this.#inFlight++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight--;
        this.#answered.push(this.#clock.now());
        if (this.#waiters.length > 0) this.#pump();
      },
    };
  }

  #prune(now: number): void {
    const { windowMs } = this.#options;
    while (
      this.#answeredHead < this.#answered.length &&
      (this.#answered[this.#answeredHead] as number) + windowMs <= now
    ) {
      this.#answeredHead++;
    }
    // Compact now and then so the array does not grow without end.
    if (this.#answeredHead > 1024 && this.#answeredHead * 2 > this.#answered.length) {
      this.#answered.splice(0, this.#answeredHead);
      this.#answeredHead = 0;
    }
  }

  #wakeLater(at: number): void {
    if (this.#wakeAt !== undefined && this.#wakeAt <= at) return;
    this.#wakeAt = at;
    // Past a timer's longest delay it wakes early, finds the pause still on, and sleeps again.
    const delay = Math.min(Math.max(0, at - this.#clock.now()), longestTimerMs);
    this.#clock.sleep(delay).then(() => {
      if (this.#wakeAt === at) this.#wakeAt = undefined;
      this.#pump();
    });
  }
}
