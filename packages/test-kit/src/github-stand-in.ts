import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDispatch {
  repository: string;
  eventType: string;
  clientPayload: Record<string, unknown>;
  /** Characters of `client_payload` as sent. */
  payloadCharacters: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /**
   * JSON, or a string sent as it is. `{authorization}` in it is replaced by the request's
   * Authorization header and `{credential}` by the credential alone, as a proxy echoing it would.
   */
  body?: unknown;
  /** Sent as text, not JSON. */
  text?: boolean;
}

/**
 * A local stand-in for GitHub's `POST /repos/{owner}/{repo}/dispatches`: checks the token and
 * GitHub's limits as GitHub does, records what it accepts, and answers scripted failures first.
 */
export class GitHubStandIn {
  readonly dispatches: ReceivedDispatch[] = [];
  /** Every call, accepted or not. */
  requests = 0;
  /**
   * Accepted dispatches are recorded at once and answered this much later, as GitHub's answer
   * takes its time: a relay that dies meanwhile has dispatched without knowing it.
   */
  answerDelayMs = 0;
  readonly #script: ScriptedAnswer[] = [];
  readonly #tokenScript: ScriptedAnswer[] = [];
  #server: Server | undefined;
  url = '';

  /** Installation tokens handed to a GitHub App, accepted like the fixed token. */
  readonly installationTokens: string[] = [];
  #app: { appId: string; installationId: string; publicKey: KeyObject } | undefined;

  constructor(readonly token = 'ghs_standInToken0123456789') {}

  /** Also act as GitHub for one GitHub App: app JWTs (RS256) are checked with its public key. */
  withApp(app: { appId: string | number; installationId: string | number; publicKeyPem: string }): this {
    this.#app = {
      appId: String(app.appId),
      installationId: String(app.installationId),
      publicKey: createPublicKey(app.publicKeyPem),
    };
    return this;
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      this.#handle(request).then(
        ({ status, headers, body, text }) => {
          const authorization = request.headers.authorization ?? '';
          const credential = authorization.replace(/^\S+\s+/, '');
          const sent =
            body === undefined
              ? undefined
              : (text ? String(body) : JSON.stringify(body))
                  .replaceAll('{authorization}', authorization)
                  .replaceAll('{credential}', credential);
          response.writeHead(status, {
            'content-type': text ? 'text/plain' : 'application/json',
            ...headers,
          });
          response.end(sent);
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
    this.#server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next calls get these answers, in order, before normal service resumes. */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.#script.push(...answers);
  }

  /** The next installation-token requests (a GitHub App's) get these answers first. */
  answerNextTokenRequest(...answers: ScriptedAnswer[]): void {
    this.#tokenScript.push(...answers);
  }

  /** Resolves once `count` dispatches have been accepted. */
  async waitForDispatches(count: number, timeoutMs = 20_000): Promise<ReceivedDispatch[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.dispatches.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} dispatches, got ${this.dispatches.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.dispatches;
  }

  async #handle(request: IncomingMessage): Promise<ScriptedAnswer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.requests++;
    const tokenRequest = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(request.url ?? '');
    if (request.method === 'POST' && tokenRequest) {
      const scripted = this.#tokenScript.shift();
      if (scripted) return scripted;
    }
    if (request.method === 'POST' && tokenRequest)
      return this.#installationToken(request, tokenRequest[1] as string);
    const match = /^\/repos\/([^/]+)\/([^/]+)\/dispatches$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return { status: 404, body: { message: 'Not Found' } };
    const bearer = request.headers.authorization?.replace(/^bearer /i, '');
    if (bearer !== this.token && !this.installationTokens.includes(bearer ?? ''))
      return { status: 401, body: { message: 'Bad credentials' } };
    const scripted = this.#script.shift();
    if (scripted) return scripted;
    let body: { event_type?: unknown; client_payload?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return { status: 400, body: { message: 'Problems parsing JSON' } };
    }
    const payload = body.client_payload;
    if (typeof body.event_type !== 'string' || body.event_type.length === 0 || body.event_type.length > 100)
      return { status: 422, body: { message: 'event_type must be 1 to 100 characters' } };
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      return { status: 422, body: { message: 'client_payload must be an object' } };
    if (Object.keys(payload).length > 10)
      return { status: 422, body: { message: 'No more than 10 properties are allowed; 11 were supplied.' } };
    const payloadCharacters = JSON.stringify(payload).length;
    if (payloadCharacters > 65_535) return { status: 422, body: { message: 'client_payload is too large' } };
    this.dispatches.push({
      repository: `${match[1]}/${match[2]}`,
      eventType: body.event_type,
      clientPayload: payload as Record<string, unknown>,
      payloadCharacters,
    });
    if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    return { status: 204 };
  }

  #installationToken(request: IncomingMessage, installationId: string): ScriptedAnswer {
    const app = this.#app;
    const jwt = request.headers.authorization?.replace(/^bearer /i, '') ?? '';
    const [header = '', claims = '', signature = ''] = jwt.split('.');
    const signed =
      app !== undefined &&
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${claims}`),
        app.publicKey,
        Buffer.from(signature, 'base64url'),
      );
    if (!app || !signed) return { status: 401, body: { message: 'A JSON web token could not be decoded' } };
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as {
      iss?: unknown;
      exp?: number;
    };
    if (String(payload.iss) !== app.appId || (payload.exp ?? 0) * 1000 < Date.now())
      return { status: 401, body: { message: "'Issuer' claim ('iss') must be the app id" } };
    if (installationId !== app.installationId) return { status: 404, body: { message: 'Not Found' } };
    const token = `ghs_installation_${randomBytes(12).toString('hex')}`;
    this.installationTokens.push(token);
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        permissions: { contents: 'write' },
      },
    };
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
