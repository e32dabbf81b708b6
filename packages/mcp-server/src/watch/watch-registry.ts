import { randomUUID } from 'node:crypto';
import {
  buildCallbackUrl,
  createCallbackToken,
  createDeliveryReceiver,
  type DeliveryVerdict,
  deleteSubscription,
  desiredSubscription,
  type IncomingDelivery,
  reconcileSubscriptions,
  subscribeTrigger,
  type TriggerOperationId,
  type WorkSpanClient,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import type { SubscriptionLedger } from './subscription-ledger.js';

/** One event a watch received, numbered in arrival order. */
export interface WatchedEvent {
  cursor: string;
  receivedAt: string;
  event?: string;
  payload: Record<string, unknown>;
}

interface Watch {
  id: string;
  sessionKey: string;
  operationId: TriggerOperationId;
  subscriberId: string;
  name: string;
  receive: (incoming: IncomingDelivery) => Promise<DeliveryVerdict>;
  events: WatchedEvent[];
  sequence: number;
  waiters: Set<() => void>;
}

export interface WatchRegistryOptions {
  client: WorkSpanClient;
  /** Makes sure the callback receiver listens; answers the URL WorkSpan posts a watch's deliveries to. */
  callbackUrl(watchId: string): Promise<string>;
  /** Where created subscriptions are written down, with the connection they belong to. */
  ledger?: { ledger: SubscriptionLedger; connection: string };
  /** A watch received an event (for resource update notifications). */
  onEvent?(watchId: string, sessionKey: string): void;
  /** Events kept per watch; older ones are dropped. */
  maxEventsKept?: number;
}

export const watchResourceUri = (watchId: string) => `workspan://watches/${watchId}`;

/** Every watch of this server: subscribe, receive, read since a cursor, stop. */
export class WatchRegistry {
  private readonly watches = new Map<string, Watch>();
  private readonly maxEventsKept: number;

  constructor(private readonly options: WatchRegistryOptions) {
    this.maxEventsKept = options.maxEventsKept ?? 1000;
  }

  /** Deletes what an earlier server process of this connection left subscribed (a crash, a kill). */
  async reconcile(): Promise<string[]> {
    const { ledger } = this.options;
    if (!ledger) return [];
    const leftOvers = await ledger.ledger.leftOvers(ledger.connection);
    const done: string[] = [];
    for (const name of new Set(leftOvers.map((entry) => entry.name))) {
      const known = leftOvers.filter((entry) => entry.name === name).map((entry) => entry.subscriberId);
      const result = await reconcileSubscriptions(this.options.client, { name, known });
      done.push(...result.deleted, ...result.gone, ...result.otherNames);
    }
    await ledger.ledger.remove(done);
    return done;
  }

  /** Checks the input, subscribes in WorkSpan with this server as the callback, and starts keeping events. */
  async start(
    sessionKey: string,
    operationId: TriggerOperationId,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ watchId: string; subscriberId: string; name: string }> {
    const id = randomUUID();
    const name =
      typeof input.name === 'string' && input.name.trim() !== '' ? input.name : `WorkSpan MCP watch ${id}`;
    const token = createCallbackToken();
    this.options.client.addSecret(token);
    // Checked before the receiver starts or anything is sent.
    desiredSubscription(operationId, { ...input, name }, buildCallbackUrl('http://127.0.0.1/', token));
    const callbackUrl = buildCallbackUrl(await this.options.callbackUrl(id), token);
    const subscription = await subscribeTrigger(
      this.options.client,
      operationId,
      { ...input, name },
      callbackUrl,
      signal ? { signal } : {},
    );
    const { ledger } = this.options;
    await ledger?.ledger.add({
      connection: ledger.connection,
      subscriberId: subscription.subscriberId,
      name,
      pid: process.pid,
    });
    this.watches.set(id, {
      id,
      sessionKey,
      operationId,
      subscriberId: subscription.subscriberId,
      name,
      receive: createDeliveryReceiver({ token }),
      events: [],
      sequence: 0,
      waiters: new Set(),
    });
    return { watchId: id, subscriberId: subscription.subscriberId, name };
  }

  /** A delivery for a watch, through core's receive rule; undefined when no such watch runs. */
  async receive(watchId: string, incoming: IncomingDelivery): Promise<DeliveryVerdict | undefined> {
    const watch = this.watches.get(watchId);
    if (!watch) return undefined;
    const verdict = await watch.receive(incoming);
    if (!verdict.accepted || verdict.delivery.duplicate) return verdict;
    watch.sequence++;
    watch.events.push({
      cursor: String(watch.sequence),
      receivedAt: verdict.delivery.receivedAt,
      ...(verdict.delivery.event ? { event: verdict.delivery.event } : {}),
      payload: verdict.payload,
    });
    if (watch.events.length > this.maxEventsKept) watch.events.shift();
    for (const wake of watch.waiters) wake();
    this.options.onEvent?.(watch.id, watch.sessionKey);
    return verdict;
  }

  /** The events after `cursor`, waiting up to `waitMs` for the first one when there are none yet. */
  async read(
    sessionKey: string,
    watchId: string,
    options: { cursor?: string; waitMs: number; limit: number; signal?: AbortSignal },
  ): Promise<{ events: WatchedEvent[]; cursor: string; more: boolean }> {
    const watch = this.owned(sessionKey, watchId);
    const after = Number(options.cursor ?? 0);
    const pending = () => watch.events.filter((event) => Number(event.cursor) > after);
    if (pending().length === 0 && options.waitMs > 0)
      await this.waitForEvent(watch, options.waitMs, options.signal);
    const all = pending();
    const events = all.slice(0, options.limit);
    const cursor = events.at(-1)?.cursor ?? String(Math.max(after, 0));
    return { events, cursor, more: all.length > events.length };
  }

  /** Deletes the watch's subscription in WorkSpan; false when WorkSpan no longer had it. */
  async stop(sessionKey: string, watchId: string): Promise<{ subscriberId: string; deleted: boolean }> {
    const watch = this.owned(sessionKey, watchId);
    return { subscriberId: watch.subscriberId, deleted: await this.end(watch) };
  }

  /** Ends every watch of a session (it closed), or of the server when no session is named. */
  async stopAll(sessionKey?: string): Promise<void> {
    const ending = [...this.watches.values()].filter(
      (watch) => sessionKey === undefined || watch.sessionKey === sessionKey,
    );
    await Promise.allSettled(ending.map((watch) => this.end(watch)));
  }

  /** The session's watches, for the resource list. */
  list(
    sessionKey: string,
  ): { watchId: string; name: string; operationId: TriggerOperationId; events: number }[] {
    return [...this.watches.values()]
      .filter((watch) => watch.sessionKey === sessionKey)
      .map((watch) => ({
        watchId: watch.id,
        name: watch.name,
        operationId: watch.operationId,
        events: watch.sequence,
      }));
  }

  /** The session's watch, or an error naming the argument. */
  owned(sessionKey: string, watchId: string): Watch {
    const watch = this.watches.get(watchId);
    if (!watch || watch.sessionKey !== sessionKey)
      throw new WorkSpanValidationError([
        {
          field: 'watchId',
          expected: `the watchId of a watch started in this session (none is ${JSON.stringify(watchId)})`,
        },
      ]);
    return watch;
  }

  private async end(watch: Watch): Promise<boolean> {
    this.watches.delete(watch.id);
    for (const wake of watch.waiters) wake();
    const deleted = await deleteSubscription(this.options.client, watch.subscriberId, {
      signal: AbortSignal.timeout(10_000),
    });
    await this.options.ledger?.ledger.remove([watch.subscriberId]);
    return deleted;
  }

  private waitForEvent(watch: Watch, waitMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        watch.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      watch.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
