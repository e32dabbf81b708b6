/** What a client reports to an `onEvent` observer; never carries a secret. */
export type ClientEvent =
  | { type: 'request'; operationId: string; method: string; path: string; attempt: number }
  | {
      type: 'response';
      operationId: string;
      method: string;
      path: string;
      status: number;
      durationMs: number;
      requestId?: string | undefined;
    }
  | { type: 'retry'; operationId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'throttle-wait'; waitMs: number }
  /** `fetch`: the client asked its token provider for a token (the default one fetches from WorkSpan). */
  | { type: 'token'; action: 'fetch' | 'reauthenticate' };

export type ClientEventListener = (event: ClientEvent) => void;
