import type { ByteSource } from '../catalogue/payloads.js';

const encoder = new TextEncoder();

export interface MultipartFile {
  fieldName: string;
  fileName: string;
  contentType: string;
  /** Opens the content afresh on each call, so a refused upload can be sent again. */
  open: () => ByteSource;
  size: number | undefined;
}

export interface MultipartBody {
  contentType: string;
  length: number | undefined;
  open: () => AsyncIterable<Uint8Array>;
}

/** A multipart/form-data body with one file part, streamed: the file is never held whole. */
export function multipartBody(file: MultipartFile, boundary: string): MultipartBody {
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.fieldName)}"; filename="${escapeQuoted(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: file.size === undefined ? undefined : head.byteLength + file.size + tail.byteLength,
    open: () => concatenate(head, file.open(), tail),
  };
}

async function* concatenate(
  head: Uint8Array,
  content: ByteSource,
  tail: Uint8Array,
): AsyncIterable<Uint8Array> {
  yield head;
  if (typeof content === 'string') yield encoder.encode(content);
  else if (content instanceof Uint8Array) yield content;
  else for await (const chunk of content) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  yield tail;
}

function escapeQuoted(text: string): string {
  return text.replace(/[\r\n"]/g, (character) => encodeURIComponent(character));
}

/** A boundary that cannot plausibly occur in the file. */
export function createBoundary(random: () => number): string {
  let suffix = '';
  for (let index = 0; index < 24; index++) suffix += Math.floor(random() * 36).toString(36);
  return `----workspan-kit-${suffix}`;
}
