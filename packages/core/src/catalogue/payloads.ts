import { z } from 'zod';

/** Bytes a bulk load can send: text, bytes or a stream of bytes (a Node Readable is one). */
export type ByteSource = string | Uint8Array | AsyncIterable<Uint8Array>;

/** A file on disk, opened and streamed when the request is sent (never read whole). */
export interface FilePathSource {
  path: string;
  /** File name sent to WorkSpan; defaults to the path's base name. */
  name?: string;
}

/** A file's content given directly. */
export interface FileContentSource {
  name: string;
  content: ByteSource;
  /** Byte length when known (lets the upload declare its length). */
  size?: number;
  /** The MIME type a host knows the file by; tells the format when the name does not. */
  mimeType?: string;
}

export type FileSource = FilePathSource | FileContentSource;

/** Rows as objects are serialised to CSV or JSON to match the chosen format. */
export type DataSource = ByteSource | FilePathSource | readonly Record<string, unknown>[];

export function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isByteSource(value: unknown): value is ByteSource {
  return typeof value === 'string' || value instanceof Uint8Array || isAsyncIterable(value);
}

export function isFilePathSource(value: unknown): value is FilePathSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FilePathSource).path === 'string' &&
    (value as FilePathSource).path.length > 0 &&
    !('content' in value)
  );
}

function isRows(value: unknown): value is readonly Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))
  );
}

export const dataSourceSchema = z.custom<DataSource>(
  (value) =>
    (isByteSource(value) && (typeof value !== 'string' || value.length > 0)) ||
    isFilePathSource(value) ||
    isRows(value),
  { error: 'CSV or JSON text, bytes, a stream, { path } of a file, or an array of row objects' },
);

export const fileSourceSchema = z.custom<FileSource>(
  (value) =>
    isFilePathSource(value) ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as FileContentSource).name === 'string' &&
      (value as FileContentSource).name.length > 0 &&
      isByteSource((value as FileContentSource).content)),
  { error: '{ path } of a file, or { name, content } with the file content as text, bytes or a stream' },
);
