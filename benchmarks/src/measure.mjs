// Shared by the benchmark scripts: repeated runs, medians with spread, pinned child processes.
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

export const here = (name) => fileURLToPath(new URL(name, import.meta.url));

const canPin = (() => {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

export const pinning = canPin
  ? 'client on CPU 0, server on CPU 1'
  : 'not pinned (needs taskset and two CPUs)';

/** Runs a Node script in its own process, pinned to `cpu` when possible. */
export function spawnNode(script, args, cpu) {
  const command = canPin && cpu !== undefined ? 'taskset' : process.execPath;
  const commandArgs =
    canPin && cpu !== undefined ? ['-c', String(cpu), process.execPath, script, ...args] : [script, ...args];
  return spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Runs a script to completion and parses the JSON line it prints last. */
export async function runJson(script, args, cpu) {
  const child = spawnNode(script, args, cpu);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}`);
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Starts a server script that prints its URL as the first line; returns the URL and a stop function. */
export async function startServer(script, args, cpu) {
  const child = spawnNode(script, args, cpu);
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk).trim().split('\n')[0]));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  child.stdout.resume();
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill();
      }),
  };
}

export function summarise(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Measures `candidate` and `baseline` in alternation, A B then B A (so neither always goes
 * first), so drift hits both alike, and
 * returns, for each figure picked, both summaries and the ratio taken pair by pair.
 */
export async function paired(runs, candidate, baseline, picks) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      const a = await candidate();
      results.push([a, await baseline()]);
    } else {
      const b = await baseline();
      results.push([await candidate(), b]);
    }
  }
  const summary = {};
  for (const [name, pick] of Object.entries(picks)) {
    summary[name] = {
      candidate: summarise(results.map(([a]) => pick(a))),
      baseline: summarise(results.map(([, b]) => pick(b))),
      ratio: summarise(results.map(([a, b]) => pick(a) / pick(b))),
    };
  }
  return summary;
}
