/** A request body as read by `readCappedBody`. */
export interface CappedBody {
  /** The body, or its first `limit + 1` bytes when it is longer (enough for a receiver to refuse it). */
  bytes: Uint8Array;
  /** False when reading stopped early: answer, then close the connection (the rest is unread). */
  complete: boolean;
}

/**
 * Reads a delivery's body, stopping one byte past `limit` so that a receiver can refuse an
 * oversized body (core's receive answers 413) without holding it. Takes a Node request (any async
 * iterable of bytes) or a Fetch API body stream; a length declared larger than `limit` is not read
 * at all. A Fetch API stream left unread is cancelled; a Node request is left paused, for the host
 * to answer and close.
 */
export async function readCappedBody(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null | undefined,
  limit: number,
  declaredLength?: string | number | null,
): Promise<CappedBody> {
  const webStream = isWebStream(source) ? source : undefined;
  const declared = Number(declaredLength ?? Number.NaN);
  if (!source || (Number.isFinite(declared) && declared > limit)) {
    await webStream?.cancel().catch(() => {});
    return source
      ? { bytes: new Uint8Array(limit + 1), complete: false }
      : { bytes: new Uint8Array(), complete: true };
  }
  const iterator = webStream
    ? webIterator(webStream)
    : (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await iterator.next();
    if (done) break;
    const room = limit + 1 - size;
    const chunk = value.byteLength > room ? value.subarray(0, room) : value;
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size > limit) {
      if (webStream) await iterator.return?.().catch(() => undefined);
      return { bytes: concat(chunks, size), complete: false };
    }
  }
  return { bytes: concat(chunks, size), complete: true };
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | undefined)?.getReader === 'function';
}

function webIterator(stream: ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel().catch(() => {});
      return { done: true, value: undefined };
    },
  };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
