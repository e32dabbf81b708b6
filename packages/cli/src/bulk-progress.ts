import type { BulkloadSummary, RunProgress } from '@workspan-kit/core';
import cliProgress from 'cli-progress';
import type { OutputStream } from './io.js';
import { escapeForTerminal } from './terminal-text.js';

type StatusProgress = Extract<RunProgress, { kind: 'bulkload-status' }>;

export interface Progress {
  update(event: StatusProgress): void;
  stop(): void;
}

/** A bulk load's progress on stderr: a bar on a terminal, otherwise one line per change so logs stay readable. */
export function bulkloadProgress(stderr: OutputStream): Progress {
  return stderr.isTTY ? barProgress(stderr) : lineProgress(stderr);
}

const processed = (summary: BulkloadSummary) => summary.succeeded + summary.failed + summary.skipped;

function barProgress(stderr: OutputStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as unknown as NodeJS.WritableStream,
      format: 'Bulk load [{bar}] {value}/{total} rows | {state}',
      hideCursor: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update({ summary }) {
      const done = processed(summary);
      const total = Math.max(summary.read, done, 1);
      const state = escapeForTerminal(summary.state);
      if (!started) {
        bar.start(total, 0, { state });
        started = true;
      }
      bar.setTotal(total);
      bar.update(summary.state === 'running' ? done : total, { state });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineProgress(stderr: OutputStream): Progress {
  let last = '';
  return {
    update({ load, summary }) {
      const line = `Bulk load ${load.executionId}: ${summary.state}, ${processed(summary)} of ${summary.read} rows processed`;
      if (line !== last) stderr.write(`${escapeForTerminal(line)}\n`);
      last = line;
    },
    stop() {},
  };
}
