import { createWriteStream } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../http/errors.js';
import { randomHex } from '../shared/util.js';

export const defaultUploadLimitBytes = 512 * 1024 * 1024;

export const payloadTooLarge = (limit: number): ApiError =>
  new ApiError(413, 'payload_too_large', `The upload is larger than the limit of ${limit} bytes.`, {
    connection: 'close',
  });

/**
 * Uploads being written, so closing the sandbox can wait for a cut upload to remove its partial
 * file (the socket is destroyed first; the removal follows asynchronously).
 */
export class UploadsInFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(upload: Promise<T>): Promise<T> {
    const settled = upload.then(
      () => {},
      () => {},
    );
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return upload;
  }

  /** Resolves once every upload written so far has been kept or removed. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** Files in the uploads folder that no unfinished execution needs: partial uploads of a stopped process. */
export async function removeOrphanUploads(directory: string, needed: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(directory)) {
    const path = join(directory, name);
    if (needed.has(resolve(path))) continue;
    await rm(path, { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}

/** Streams an upload to a new file in `directory`; 413 (and no file) when it exceeds `limit` bytes. */
export async function saveUpload(
  stream: Readable,
  directory: string,
  limit: number,
): Promise<{ path: string; bytes: number }> {
  const path = join(directory, `upload-${Date.now()}-${randomHex(6)}`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) callback(payloadTooLarge(limit));
      else callback(null, chunk);
    },
  });
  // The source is piped by hand: when the limit is hit it is unpiped, not destroyed, so the
  // socket stays open long enough for the 413 answer.
  const done = pipeline(counter, createWriteStream(path));
  const onError = (error: Error) => counter.destroy(error);
  const onClose = () => {
    if (!stream.readableEnded) counter.destroy(new Error('the upload was aborted'));
  };
  stream.on('error', onError);
  stream.on('close', onClose);
  stream.pipe(counter);
  try {
    await done;
  } catch (error) {
    stream.unpipe(counter);
    await rm(path, { force: true });
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, 'upload_failed', `The upload could not be read: ${(error as Error).message}.`);
  } finally {
    stream.off('error', onError);
    stream.off('close', onClose);
  }
  return { path, bytes };
}

/** True when the first 64 KiB of a file contain a NUL byte (so it is not CSV text). */
export async function looksBinary(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65536), 0, 65536, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/** JSON bodies up to this size are parsed whole at upload time; larger ones only have their start checked. */
export const jsonCheckLimitBytes = 4 * 1024 * 1024;

/**
 * The first character of a file that is not JSON whitespace (space, tab, CR, LF), or `undefined`
 * when there is none. Reads in 64 KiB chunks, so memory stays bounded whatever the file's size.
 */
export async function firstNonWhitespaceChar(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return undefined;
      for (let i = 0; i < bytesRead; i++) {
        const byte = buffer[i] as number;
        if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
          return String.fromCharCode(byte);
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** True when `char` can begin a JSON value. */
export const jsonValueStart = (char: string | undefined): boolean =>
  char !== undefined && '[{"-0123456789tfn'.includes(char);
