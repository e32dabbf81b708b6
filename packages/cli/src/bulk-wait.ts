import { type BulkloadStatus, type WorkSpanClient, waitForBulkload } from '@workspan-kit/core';
import cliProgress from 'cli-progress';
import { processedRows } from './bulk-status-view.js';
import type { OutputStream } from './io.js';
import { escapeForTerminal } from './terminal-text.js';

export interface WaitOptions {
  stderr: OutputStream;
  intervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Polls until the load completes, showing progress on stderr: a bar on a terminal, otherwise one
 * line per change so logs stay readable.
 */
export async function waitWithProgress(
  client: WorkSpanClient,
  load: { integrationId: string; executionId: string },
  options: WaitOptions,
): Promise<BulkloadStatus> {
  const progress = options.stderr.isTTY
    ? barProgress(options.stderr)
    : lineProgress(options.stderr, load.executionId);
  try {
    return await waitForBulkload(client, load, {
      intervalMs: options.intervalMs,
      timeoutMs: options.timeoutMs,
      onProgress: progress.update,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    progress.stop();
  }
}

interface Progress {
  update(status: BulkloadStatus): void;
  stop(): void;
}

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
    update(status) {
      const processed = processedRows(status);
      const total = Math.max(status.input_count ?? 0, processed, 1);
      if (!started) {
        bar.start(total, 0, { state: escapeForTerminal(String(status.status)) });
        started = true;
      }
      bar.setTotal(total);
      bar.update(status.status === 'completed' ? total : processed, {
        state: escapeForTerminal(String(status.status)),
      });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineProgress(stderr: OutputStream, executionId: string): Progress {
  let last = '';
  return {
    update(status) {
      const of = status.input_count === undefined ? '' : ` of ${status.input_count}`;
      const line = `Bulk load ${executionId}: ${status.status}, ${processedRows(status)}${of} rows processed`;
      if (line !== last) stderr.write(`${escapeForTerminal(line)}\n`);
      last = line;
    },
    stop() {},
  };
}
