import { Readable } from 'node:stream';
import { Agent, type Dispatcher, errors } from 'undici';
import { answerTooLargeCode, longestTimerMs, type Transport, TransportFailure } from '../client/transport.js';

/** Failures that happen before any byte of the request leaves: the server never saw the call. */
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface UndiciTransportOptions {
  /** A dispatcher to share (default: one keep-alive Agent per transport). */
  dispatcher?: Dispatcher;
  /** Connections per origin (default 16). */
  connections?: number;
}

/** The default transport: undici with keep-alive connection reuse. */
export function createUndiciTransport(
  options: UndiciTransportOptions = {},
): Transport & { close(): Promise<void> } {
  const dispatcher =
    options.dispatcher ?? new Agent({ connections: options.connections ?? 16, keepAliveTimeout: 10_000 });
  const transport = async (request: Parameters<Transport>[0]) => {
    const { origin, path } = splitUrl(request.url);
    const headers =
      request.bodyLength === undefined
        ? request.headers
        : { ...request.headers, 'content-length': String(request.bodyLength) };
    const streamed = !(
      request.body === undefined ||
      typeof request.body === 'string' ||
      request.body instanceof Uint8Array
    );
    // The time limit covers the whole answer, headers and body, however steadily its bytes
    // trickle in (undici's own timeouts count only the silence between bytes). It counts from
    // when the whole request is sent, so a long upload is not cut off.
    const timeout = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const startTimer = () => {
      timer ??= setTimeout(() => timeout.abort(), Math.min(request.timeoutMs, longestTimerMs));
    };
    const body = streamed
      ? Readable.from(timeWhenDone(request.body as AsyncIterable<Uint8Array>, startTimer), {
          highWaterMark: 2,
        })
      : (request.body as string | Uint8Array | undefined);
    if (!streamed) startTimer();
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    try {
      const response = await dispatcher.request({
        origin,
        path,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        signal,
      });
      const text = await readAnswer(response, request.maxAnswerBytes);
      const responseHeaders: Record<string, string | undefined> = {};
      // undici gives header names in lower case already.
      for (const [name, value] of Object.entries(response.headers)) {
        responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers: responseHeaders, body: text };
    } catch (error) {
      request.signal?.throwIfAborted();
      if (timeout.signal.aborted) throw new TransportFailure('timeout', false, error);
      throw TransportFailure.isInstance(error) ? error : toTransportFailure(error);
    } finally {
      clearTimeout(timer);
    }
  };
  return Object.assign(transport, {
    close: async () => {
      if (!options.dispatcher) await dispatcher.close();
    },
  });
}

/** Origin and path of an absolute URL, without a full URL parse on every call. */
function splitUrl(url: string): { origin: string; path: string } {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  return pathStart < 0
    ? { origin: url, path: '/' }
    : { origin: url.slice(0, pathStart), path: url.slice(pathStart) };
}

/**
 * The answer's body as text, refused past `maxBytes`: up front by its content-length, else as
 * soon as the bytes read pass it (the stream is destroyed, so the connection stops downloading).
 */
async function readAnswer(response: Dispatcher.ResponseData, maxBytes: number | undefined): Promise<string> {
  const limit = maxBytes ?? Number.POSITIVE_INFINITY;
  const tooLarge = () => {
    response.body.destroy();
    return new TransportFailure(answerTooLargeCode, false, undefined, response.statusCode);
  };
  if (Number(response.headers['content-length']) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw tooLarge();
    chunks.push(chunk);
  }
  // TextDecoder drops a leading byte-order mark, as undici's own text() does.
  return decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
}

const decoder = new TextDecoder();

async function* timeWhenDone(body: AsyncIterable<Uint8Array>, onDone: () => void): AsyncIterable<Uint8Array> {
  yield* body;
  onDone();
}

function toTransportFailure(error: unknown): TransportFailure {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return new TransportFailure('timeout', false, error);
  }
  const code = findCode(error);
  return new TransportFailure(code, notSentCodes.has(code), error);
}

function findCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    if (typeof code === 'string' && !(current as { cause?: unknown }).cause) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}
