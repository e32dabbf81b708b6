import {
  type AccessToken,
  type Clock,
  defaultThrottle,
  Throttle,
  type TokenProvider,
  WorkSpanAuthenticationError,
  WorkSpanClient,
} from '@workspan-kit/core';
import { type ICredentialDataDecryptedObject, type INode, sleep } from 'n8n-workflow';
import { connectionSettings } from './connection-properties';
import { n8nTransport, type RequestContext, type StreamFactory, withCredential } from './transport';

/** Time through n8n's own `sleep`: community nodes may not start timers themselves. */
export const n8nClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    signal?.throwIfAborted();
    if (!signal) return await sleep(ms);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void sleep(ms).then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  },
};

/**
 * One call budget per credential in this n8n process, shared by every execution that uses it:
 * WorkSpan allows 100 calls per 60 s per connection. In queue mode each process keeps its own, so
 * the README divides the credential's budget between the processes; all obey 429 with Retry-After.
 */
const throttles = new Map<string, Throttle>();

function throttleFor(key: string, callsPerMinute: number): Throttle {
  const id = `${key}:${callsPerMinute}`;
  let throttle = throttles.get(id);
  if (!throttle) {
    throttle = new Throttle({ limit: callsPerMinute, windowMs: defaultThrottle.windowMs }, n8nClock);
    throttles.set(id, throttle);
  }
  return throttle;
}

/** The credential's call budget: WorkSpan's documented 100 calls per 60 s unless set lower or higher. */
export function callBudget(credentials: ICredentialDataDecryptedObject) {
  const limit = Number(credentials.callsPerMinute ?? defaultThrottle.limit) || defaultThrottle.limit;
  return { limit, windowMs: defaultThrottle.windowMs };
}

const heldByCredential: AccessToken = { value: 'held-by-the-n8n-credential' };

/**
 * The token lives in the credential (its `preAuthentication` fetches it, n8n shares it with every
 * execution and renews it once on a 401), so the client's own is only a stand-in that n8n's
 * `authenticate` replaces. A 401 that reaches the client came after n8n's renewal: it fails.
 */
export const credentialToken: TokenProvider = {
  getToken: async () => heldByCredential,
  renewToken: async () => {
    throw new WorkSpanAuthenticationError({
      status: 401,
      operationId: 'token',
      method: 'POST',
      path: '/oauth/token',
      bodyExcerpt: 'WorkSpan refused the token n8n renewed for this credential',
      retryable: false,
      hint: 'Check the credential: application user id and secret, hostname and environment.',
    });
  },
};

export interface ClientContext extends RequestContext {
  getNode(): INode;
}

/** A core client whose calls go through n8n's HTTP helper and the credential's shared budget. */
export function createClient(
  context: ClientContext,
  credentials: ICredentialDataDecryptedObject,
  streams?: () => StreamFactory | undefined,
): WorkSpanClient {
  const connection = connectionSettings(credentials);
  const credentialId = context.getNode().credentials?.workSpanApi?.id;
  const key = credentialId ?? `${connection.environment}|${connection.hostname}|${connection.clientId}`;
  return new WorkSpanClient({
    connection,
    transport: n8nTransport(
      withCredential(
        context,
        credentialId
          ? {
              id: credentialId,
              name: context.getNode().credentials?.workSpanApi?.name ?? '',
              data: credentials,
            }
          : undefined,
      ),
      streams,
    ),
    tokenProvider: credentialToken,
    clock: n8nClock,
    throttle: throttleFor(key, callBudget(credentials).limit),
    userAgent: 'workspan-kit n8n',
  });
}
