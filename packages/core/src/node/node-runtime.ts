import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type Clock, longestTimerMs } from '../client/transport.js';
import type { FileAccess } from '../request/file-access.js';

export const nodeClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    const options = signal ? { signal } : undefined;
    // A timer fires at once past its longest delay, so a longer wait is slept in pieces.
    for (let remaining = Math.max(0, ms); ; remaining -= longestTimerMs) {
      await delay(Math.min(remaining, longestTimerMs), undefined, options);
      if (remaining <= longestTimerMs) return;
    }
  },
};

/** Files are streamed in 1 MiB chunks, never read whole (smaller chunks measured slower). */
export const nodeFileAccess: FileAccess = {
  async describe(path) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ENOENT'
          ? `no file at ${path}`
          : `cannot read ${path} (${error.code ?? error.message})`,
      );
    });
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    return { size: info.size, name: basename(path) };
  },
  open: (path) => createReadStream(path, { highWaterMark: 1024 * 1024 }),
};
