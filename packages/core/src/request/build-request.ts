import type { AnyOperation } from '../catalogue/index.js';
import {
  type ByteSource,
  type DataSource,
  type FileSource,
  isAsyncIterable,
  isFilePathSource,
} from '../catalogue/payloads.js';
import { WorkSpanValidationError } from '../errors.js';
import { rowsToCsv } from './csv.js';
import type { FileAccess } from './file-access.js';
import { createBoundary, multipartBody } from './multipart.js';

const encoder = new TextEncoder();

export type PreparedBody =
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: string | Uint8Array }
  /** `replayable` is false for a caller's one-shot stream: it cannot be sent a second time. */
  | {
      kind: 'stream';
      open: () => AsyncIterable<Uint8Array>;
      replayable: boolean;
      length: number | undefined;
    };

export interface PreparedRequest {
  operationId: string;
  method: string;
  /** Path and query, relative to the environment's base URL. */
  target: string;
  headers: Record<string, string>;
  body: PreparedBody;
}

const formatContentTypes: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Turns validated input into the HTTP request the connector's gateway would send on. */
export async function prepareRequest(
  operation: AnyOperation,
  values: Record<string, unknown>,
  options: { files: FileAccess; random: () => number },
): Promise<PreparedRequest> {
  const { http } = operation;
  let path = http.routedPath ?? http.path;
  const query: string[] = [];
  const json: Record<string, unknown> = {};
  let payload: unknown;
  let hasJsonField = false;

  for (const [name, definition] of Object.entries(operation.fields)) {
    const value = values[name];
    if (value === undefined) continue;
    switch (definition.in) {
      case 'path':
        path = path.replace(`{${definition.wireName}}`, encodeURIComponent(String(value)));
        break;
      case 'query':
        query.push(`${encodeURIComponent(definition.wireName)}=${encodeURIComponent(String(value))}`);
        break;
      case 'body':
        setPath(json, definition.wireName, value);
        hasJsonField = true;
        break;
      case 'data':
      case 'file':
        payload = value;
        break;
    }
  }
  const target = query.length > 0 ? `${path}?${query.join('&')}` : path;
  const format = http.formatField ? String(values[http.formatField]) : undefined;
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: PreparedBody = { kind: 'none' };

  if (http.body === 'json') {
    for (const [wireName, value] of Object.entries(http.constants ?? {})) setPath(json, wireName, value);
    if (hasJsonField || http.constants || http.method !== 'GET') {
      headers['content-type'] = 'application/json';
      body = { kind: 'bytes', bytes: JSON.stringify(json) };
    }
  } else if (http.body === 'data') {
    const delimiter = typeof values.columnDelimiter === 'string' ? values.columnDelimiter : ',';
    headers['content-type'] = formatContentTypes[format ?? 'csv'] ?? 'text/csv';
    body = await dataBody(payload as DataSource, format ?? 'csv', delimiter, options.files);
  } else if (http.body === 'multipart') {
    const file = await describeFile(payload as FileSource, options.files);
    const multipart = multipartBody(
      {
        fieldName: 'file',
        fileName: file.name,
        contentType: formatContentTypes[format ?? 'xlsx'] ?? 'application/octet-stream',
        open: file.open,
        size: file.size,
      },
      createBoundary(options.random),
    );
    headers['content-type'] = multipart.contentType;
    body = { kind: 'stream', open: multipart.open, replayable: file.replayable, length: multipart.length };
  }
  return { operationId: operation.id, method: http.method, target, headers, body };
}

function setPath(target: Record<string, unknown>, dottedName: string, value: unknown): void {
  const parts = dottedName.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (typeof next !== 'object' || next === null) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] as string] = value;
}

async function dataBody(
  data: DataSource,
  format: string,
  delimiter: string,
  files: FileAccess,
): Promise<PreparedBody> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    if (isEmpty(data)) throw emptyUpload('data');
    return { kind: 'bytes', bytes: data };
  }
  if (Array.isArray(data)) {
    if (data.length === 0) throw emptyUpload('data');
    return { kind: 'bytes', bytes: format === 'json' ? JSON.stringify(data) : rowsToCsv(data, delimiter) };
  }
  if (isFilePathSource(data)) {
    const described = await describePath(data.path, 'data', files);
    if (described.size === 0) throw emptyUpload('data.path', data.path);
    return { kind: 'stream', open: () => files.open(data.path), replayable: true, length: described.size };
  }
  const stream = await nonEmptyStream(data as AsyncIterable<Uint8Array>, 'data');
  return { kind: 'stream', open: oneShot(stream), replayable: false, length: undefined };
}

async function describeFile(
  file: FileSource,
  files: FileAccess,
): Promise<{ name: string; size: number | undefined; open: () => ByteSource; replayable: boolean }> {
  if (isFilePathSource(file)) {
    const described = await describePath(file.path, 'file', files);
    if (described.size === 0) throw emptyUpload('file.path', file.path);
    return {
      name: file.name ?? described.name,
      size: described.size,
      open: () => files.open(file.path),
      replayable: true,
    };
  }
  const { content } = file;
  if (typeof content === 'string' || content instanceof Uint8Array) {
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    if (bytes.byteLength === 0) throw emptyUpload('file.content', file.name);
    return { name: file.name, size: bytes.byteLength, open: () => bytes, replayable: true };
  }
  if (isAsyncIterable(content)) {
    const stream = await nonEmptyStream(content, 'file.content', file.name);
    return { name: file.name, size: file.size, open: oneShot(stream), replayable: false };
  }
  throw new WorkSpanValidationError([{ field: 'file.content', expected: 'text, bytes or a stream' }]);
}

async function describePath(
  path: string,
  fieldName: string,
  files: FileAccess,
): Promise<{ size: number; name: string }> {
  try {
    return await files.describe(path);
  } catch (error) {
    throw new WorkSpanValidationError([
      { field: `${fieldName}.path`, expected: `a readable file: ${(error as Error).message}` },
    ]);
  }
}

function isEmpty(data: string | Uint8Array): boolean {
  return typeof data === 'string' ? data.trim() === '' : data.byteLength === 0;
}

/** An empty upload would "complete" with no rows; it is refused before anything is sent. */
function emptyUpload(fieldName: string, name?: string): WorkSpanValidationError {
  const what = name ? ` (${name} is empty)` : '';
  return new WorkSpanValidationError([
    { field: fieldName, expected: `data to load, at least one row${what}` },
  ]);
}

/** Reads a stream's first chunk before sending, so an empty one is refused, not uploaded. */
async function nonEmptyStream(
  stream: AsyncIterable<Uint8Array>,
  fieldName: string,
  name?: string,
): Promise<AsyncIterable<Uint8Array>> {
  const iterator = stream[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.byteLength === 0) first = await iterator.next();
  if (first.done) throw emptyUpload(fieldName, name);
  const head = first.value;
  return {
    async *[Symbol.asyncIterator]() {
      yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

/** A caller's stream can be read once; a second read is refused rather than sending nothing. */
function oneShot(stream: AsyncIterable<Uint8Array>): () => AsyncIterable<Uint8Array> {
  let used = false;
  return () => {
    if (used) throw new Error('the stream was already sent once and cannot be replayed');
    used = true;
    return stream;
  };
}
