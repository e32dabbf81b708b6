import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.js';
import type { Clock } from './transport.js';

/** A clock the test moves by hand; sleeping callers wake when it passes their time. */
function manualClock() {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const clock: Clock & { advance(ms: number): Promise<void> } = {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    async advance(ms) {
      now += ms;
      for (const sleeper of sleepers.splice(0)) {
        if (sleeper.at <= now) sleeper.wake();
        else sleepers.push(sleeper);
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return clock;
}

describe('throttle', () => {
  it('lets `limit` calls through per window, in order, and the rest one window after the answers', async () => {
    const clock = manualClock();
    const throttle = new Throttle({ limit: 2, windowMs: 1000 }, clock);
    const order: number[] = [];
    const calls = [1, 2, 3, 4, 5].map((call) =>
      throttle.acquire().then((slot) => {
        order.push(call);
        slot.release();
      }),
    );
    await clock.advance(0);
    expect(order).toEqual([1, 2]);
    await clock.advance(999);
    expect(order).toEqual([1, 2]);
    await clock.advance(1);
    expect(order).toEqual([1, 2, 3, 4]);
    await clock.advance(1000);
    await Promise.all(calls);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('holds a slot while its call is in flight', async () => {
    const clock = manualClock();
    const throttle = new Throttle({ limit: 1, windowMs: 100 }, clock);
    const first = await throttle.acquire();
    let second = false;
    const waiting = throttle.acquire().then(() => {
      second = true;
    });
    await clock.advance(500);
    expect(second).toBe(false);
    first.release();
    await clock.advance(100);
    await waiting;
    expect(second).toBe(true);
  });

  it('pauses everything until a Retry-After passes', async () => {
    const clock = manualClock();
    const throttle = new Throttle({ limit: 100, windowMs: 1000 }, clock);
    throttle.pauseUntil(3000);
    let through = false;
    const waiting = throttle.acquire().then(() => {
      through = true;
    });
    await clock.advance(2999);
    expect(through).toBe(false);
    await clock.advance(1);
    await waiting;
    expect(through).toBe(true);
  });

  it('drops an aborted waiter without blocking the queue', async () => {
    const clock = manualClock();
    const throttle = new Throttle({ limit: 1, windowMs: 100 }, clock);
    const first = await throttle.acquire();
    const controller = new AbortController();
    const aborted = throttle.acquire(controller.signal);
    const third = throttle.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    first.release();
    await clock.advance(100);
    await expect(third).resolves.toBeDefined();
  });
});

describe('throttle and long pauses', () => {
  it('never asks the clock for a delay longer than a timer takes', async () => {
    const delays: number[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: (ms) => {
        delays.push(ms);
        return new Promise<void>(() => {});
      },
    };
    const throttle = new Throttle({ limit: 10, windowMs: 1000 }, clock);
    throttle.pauseUntil(40 * 24 * 60 * 60 * 1000);
    void throttle.acquire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('refuses at once, with the pause’s end, a caller that will not wait that long', async () => {
    const clock: Clock = { now: () => 0, sleep: () => new Promise<void>(() => {}) };
    const throttle = new Throttle({ limit: 10, windowMs: 1000 }, clock);
    throttle.pauseUntil(5000);
    await expect(throttle.acquire(undefined, 1000)).rejects.toMatchObject({ until: 5000 });
    const waiting = throttle.acquire(undefined, 10_000);
    throttle.pauseUntil(60_000);
    await expect(waiting).rejects.toMatchObject({ until: 60_000 });
  });
});
