import type { Clock } from './transport.js';

export interface ThrottleOptions {
  /** Calls allowed per window (WorkSpan: 100). */
  limit: number;
  /** Window length in milliseconds (WorkSpan: 60 000). */
  windowMs: number;
}

interface Slot {
  /** When the call's answer arrived; undefined while it is in flight. */
  finishedAt: number | undefined;
}

interface Waiter {
  resolve: (slot: ThrottleSlot) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  queuedAt: number;
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
  readonly #slots: Slot[] = [];
  readonly #waiters: Waiter[] = [];
  #pausedUntil = 0;
  #wakeAt: number | undefined;
  readonly #onWait: ((waitMs: number) => void) | undefined;

  constructor(options: ThrottleOptions, clock: Clock, onWait?: (waitMs: number) => void) {
    this.#options = options;
    this.#clock = clock;
    this.#onWait = onWait;
  }

  acquire(signal?: AbortSignal): Promise<ThrottleSlot> {
    signal?.throwIfAborted();
    return new Promise<ThrottleSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        queuedAt: this.#clock.now(),
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
    if (until > this.#pausedUntil) this.#pausedUntil = until;
  }

  #pump(): void {
    while (this.#waiters.length > 0) {
      const now = this.#clock.now();
      if (this.#pausedUntil > now) {
        this.#wakeLater(this.#pausedUntil);
        return;
      }
      this.#prune(now);
      if (this.#slots.length >= this.#options.limit) {
        const nextFree = this.#nextFreeAt();
        // Every slot in flight: a release will pump again.
        if (nextFree !== undefined) this.#wakeLater(nextFree);
        return;
      }
      const waiter = this.#waiters.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      const slot: Slot = { finishedAt: undefined };
      this.#slots.push(slot);
      const waited = now - waiter.queuedAt;
      if (waited > 0) this.#onWait?.(waited);
      waiter.resolve({
        release: () => {
          if (slot.finishedAt === undefined) {
            slot.finishedAt = this.#clock.now();
            this.#pump();
          }
        },
      });
    }
  }

  #prune(now: number): void {
    const { windowMs } = this.#options;
    for (let index = this.#slots.length - 1; index >= 0; index--) {
      const finishedAt = (this.#slots[index] as Slot).finishedAt;
      if (finishedAt !== undefined && finishedAt + windowMs <= now) this.#slots.splice(index, 1);
    }
  }

  #nextFreeAt(): number | undefined {
    let earliest: number | undefined;
    for (const slot of this.#slots) {
      if (slot.finishedAt !== undefined) {
        const freeAt = slot.finishedAt + this.#options.windowMs;
        if (earliest === undefined || freeAt < earliest) earliest = freeAt;
      }
    }
    return earliest;
  }

  #wakeLater(at: number): void {
    if (this.#wakeAt !== undefined && this.#wakeAt <= at) return;
    this.#wakeAt = at;
    const delay = Math.max(0, at - this.#clock.now());
    this.#clock.sleep(delay).then(() => {
      if (this.#wakeAt === at) this.#wakeAt = undefined;
      this.#pump();
    });
  }
}
