import { describe, expect, it } from 'vitest';
import { nodeClock } from './node-runtime.js';

describe('nodeClock.sleep', () => {
  it('waits past the longest delay a timer takes, without an overflow warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const stop = new AbortController();
    let woke = false;
    const sleeping = nodeClock.sleep(30 * 24 * 60 * 60 * 1000, stop.signal).then(
      () => {
        woke = true;
      },
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(woke).toBe(false);
    stop.abort();
    await sleeping;
    process.off('warning', onWarning);
    expect(warnings.filter((warning) => warning.name === 'TimeoutOverflowWarning')).toEqual([]);
  });
});
