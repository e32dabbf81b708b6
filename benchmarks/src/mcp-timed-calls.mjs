import { summarise } from './measure.mjs';

// Under the connection's documented budget of 100 calls a minute, so neither side waits for it.
const warmUp = 10;
const measured = 80;

/**
 * Calls per second from the median call: a shared machine's stalls do not decide the figure.
 * Every side is timed by this one function: one call at a time, the same warm-up and count.
 */
export async function timedCalls(call) {
  for (let index = 0; index < warmUp; index++) await call();
  const times = [];
  for (let index = 0; index < measured; index++) {
    const started = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return 1000 / summarise(times).median;
}
