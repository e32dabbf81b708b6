import { type Transport, TransportFailure, type TransportResponse } from '@workspan-kit/core';
import type {
  IAdditionalCredentialOptions,
  ICredentialDataDecryptedObject,
  IHttpRequestOptions,
  IN8nHttpFullResponse,
} from 'n8n-workflow';

/** Sends one request through one of n8n's HTTP helpers. */
export type N8nSend = (options: IHttpRequestOptions) => Promise<unknown>;

/** What every n8n context that calls WorkSpan offers: executions, list lookups, webhook hooks. */
export interface RequestContext {
  helpers: {
    httpRequestWithAuthentication(
      this: unknown,
      credentialsType: string,
      requestOptions: IHttpRequestOptions,
      additionalCredentialOptions?: IAdditionalCredentialOptions,
    ): Promise<unknown>;
  };
}

/** Makes a Node stream of an async sequence of bytes; n8n's HTTP client sends only Node streams. */
export type StreamFactory = (chunks: AsyncIterable<Uint8Array>) => unknown;

export const credentialType = 'workSpanApi';

/**
 * Through the credential: its `authenticate` adds the token that `preAuthentication` fetched,
 * and a 401 makes n8n fetch a new one and send again, once. The credential, read once per
 * execution, is handed over so n8n does not decrypt it again for every call.
 */
export const withCredential =
  (
    context: RequestContext,
    credential?: { id: string; name: string; data: ICredentialDataDecryptedObject },
  ): N8nSend =>
  (options) =>
    context.helpers.httpRequestWithAuthentication.call(
      context,
      credentialType,
      options,
      ...(credential ? [{ credentialsDecrypted: { ...credential, type: credentialType } }] : []),
    );

/** Core's transport over an n8n HTTP helper. */
export function n8nTransport(send: N8nSend, streams?: () => StreamFactory | undefined): Transport {
  return async (request) => {
    // The credential's header is the one that counts; core's stands in for it (see credentialToken).
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => name !== 'authorization'),
    );
    let body: IHttpRequestOptions['body'];
    let streamed = false;
    if (typeof request.body === 'string' || request.body instanceof Uint8Array) {
      body = typeof request.body === 'string' ? request.body : Buffer.from(request.body);
    } else if (request.body) {
      const toStream = streams?.();
      body = (toStream ? toStream(request.body) : await collect(request.body)) as IHttpRequestOptions['body'];
      streamed = toStream !== undefined;
      if (request.bodyLength !== undefined) headers['content-length'] = String(request.bodyLength);
    }
    let failure: TransportFailure;
    try {
      const response = (await send({
        method: request.method as IHttpRequestOptions['method'],
        url: request.url,
        headers,
        ...(body === undefined ? {} : { body }),
        encoding: 'text',
        json: false,
        returnFullResponse: true,
        // A 401 must throw: that is what makes n8n renew the credential's token and resend.
        ignoreHttpStatusErrors: { ignore: true, except: [401] },
        timeout: request.timeoutMs,
        // Following redirects keeps every byte sent, to send it again: a streamed upload would be held whole.
        ...(streamed ? { disableFollowRedirect: true } : {}),
      })) as IN8nHttpFullResponse;
      return {
        status: response.statusCode,
        headers: lowerCaseHeaders(response.headers),
        body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
      };
    } catch (error) {
      const answered = answeredStatus(error);
      if (answered) return answered;
      const code = connectionCode(error);
      failure = new TransportFailure(code, code === 'ECONNREFUSED' || code === 'ENOTFOUND', error);
    }
    throw failure;
  };
}

function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    result[name.toLowerCase()] = Array.isArray(value)
      ? value.join(', ')
      : value === undefined
        ? undefined
        : String(value);
  return result;
}

interface HttpAnswer {
  status?: number;
  data?: unknown;
  headers?: Record<string, unknown>;
}

/** n8n wraps an HTTP error (NodeApiError with a `cause`); its plain helper throws the client's own. */
interface ErrorShape {
  httpCode?: string | null;
  code?: string;
  response?: HttpAnswer;
  cause?: ErrorShape & { status?: number };
}

/** n8n throws for the one status it does not ignore (401, after renewing once): turn it back into an answer. */
function answeredStatus(error: unknown): TransportResponse | undefined {
  const shape = error as ErrorShape;
  const response = shape.cause?.response ?? shape.response;
  const status = Number(response?.status ?? shape.cause?.status ?? shape.httpCode ?? Number.NaN);
  if (!Number.isInteger(status) || status < 100) return undefined;
  const data = response?.data;
  return {
    status,
    headers: lowerCaseHeaders(response?.headers),
    body: typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data),
  };
}

function connectionCode(error: unknown): string {
  const shape = error as ErrorShape;
  const code = shape.cause?.code ?? shape.code;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'timeout';
  return typeof code === 'string' && code !== '' ? code : 'connection-failed';
}

/** Bytes already held in memory by n8n (a binary without a stream id): joined, not streamed. */
async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
