import { type AnyOperation, getOperation, type OperationOutput } from '../catalogue/index.js';
import { listSubscribers } from '../catalogue/portal-operations.js';
import type { CallOptions, WorkSpanClient } from '../client/client.js';
import { validateInput } from '../request/validate-input.js';
import { callbackTokenParameter } from './delivery-protocol.js';

/**
 * A trigger's life in a host: make a callback token, subscribe with it, check on restart whether
 * the subscription it stored still matches, reconcile left-overs, delete. These functions do no
 * I/O of their own: every call goes through `caller.call`, a `WorkSpanClient` or anything shaped
 * like one.
 */
export type TriggerCaller = Pick<WorkSpanClient, 'call'>;

export type TriggerOperationId = 'Subscribe' | 'SubscribeObjectEvent' | 'SubmitToPartnerCenterObjectEvent';
export type SubscriberInfo = OperationOutput<'ReadSubscriber'>;

const tokenBytes = 32;

/**
 * An unguessable token for a callback URL: 32 random bytes, base64url. `random` fills a buffer
 * (n8n can pass `crypto.randomFillSync`); by default Web Crypto's `getRandomValues`.
 */
export function createCallbackToken(random?: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = new Uint8Array(tokenBytes);
  const filled = random ? random(bytes) : crypto.getRandomValues(bytes);
  return base64url(filled);
}

/** The receiver's public URL with the token as a query parameter (replacing any token already there). */
export function buildCallbackUrl(receiverUrl: string, token: string): string {
  const url = new URL(receiverUrl);
  url.searchParams.set(callbackTokenParameter, token);
  return url.href;
}

/** The URL without its token: what may be shown or logged. */
export function callbackUrlWithoutToken(callbackUrl: string): string {
  try {
    const url = new URL(callbackUrl);
    url.searchParams.delete(callbackTokenParameter);
    return url.href;
  } catch {
    return callbackUrl.replace(/[?#].*$/, '');
  }
}

/** What a subscription is, in the terms ReadSubscriber answers with. */
export interface DesiredSubscription {
  operationId: TriggerOperationId;
  name: string;
  events: string[];
  objectIds: string[];
  filters: string;
  integrationId: string | undefined;
  callbackUrl: string;
}

/** The subscription that `input` (catalogue field names) plus `callbackUrl` asks for; the input is validated. */
export function desiredSubscription(
  operationId: TriggerOperationId,
  input: Record<string, unknown>,
  callbackUrl: string,
): DesiredSubscription {
  const operation = triggerOperation(operationId);
  const parsed: Record<string, unknown> = validateInput(operation, {
    ...input,
    [callbackFieldOf(operation)]: callbackUrl,
  });
  const wire: Record<string, unknown> = { ...operation.http.constants };
  for (const [name, definition] of Object.entries(operation.fields) as [string, { wireName?: string }][])
    if (parsed[name] !== undefined) wire[definition.wireName ?? name] = parsed[name];
  return {
    operationId,
    name: String(wire.name ?? ''),
    events: asList(wire.event),
    objectIds: asList(wire.object_ids),
    filters: normaliseFilters(wire.filters),
    integrationId: typeof wire.integration_id === 'string' ? wire.integration_id : undefined,
    callbackUrl: String(parsed[callbackFieldOf(operation)]),
  };
}

export interface Subscription {
  subscriberId: string;
  callbackUrl: string;
}

/** Subscribes through one of the catalogue's trigger operations; the callback URL goes in its callback field. */
export async function subscribeTrigger(
  caller: TriggerCaller,
  operationId: TriggerOperationId,
  input: Record<string, unknown>,
  callbackUrl: string,
  options: CallOptions = {},
): Promise<Subscription> {
  const operation = triggerOperation(operationId);
  const answer = (await caller.call(
    operationId,
    { ...input, [callbackFieldOf(operation)]: callbackUrl } as never,
    options,
  )) as { subscriber_id?: unknown };
  if (typeof answer.subscriber_id !== 'string' || answer.subscriber_id === '')
    throw new Error(`${operationId} answered without a subscriber_id`);
  return { subscriberId: answer.subscriber_id, callbackUrl };
}

/**
 * Whether a subscription WorkSpan still has is the one wanted (n8n's `checkExists`): same name,
 * events, object ids, filters and integration, and the callback URL the host stored for it. It
 * reads the answer as the API may give it: `event` a string or a list, `objectids` or `object_ids`,
 * `integraion_id` (sic) or `integration_id`, a callback URL only when echoed. With
 * `withoutToken`, callback URLs are compared without their token: for a host that keeps only the
 * token's digest (and checks the token on every delivery instead).
 */
export function subscriptionMatches(
  current: SubscriberInfo | Record<string, unknown> | undefined,
  desired: DesiredSubscription,
  stored: { callbackUrl?: string; withoutToken?: boolean } = {},
): boolean {
  if (!current) return false;
  const answer = current as Record<string, unknown>;
  if (answer.name !== undefined && answer.name !== desired.name) return false;
  if (!sameSet(asList(answer.event ?? answer.events), desired.events)) return false;
  if (!sameSet(asList(answer.objectids ?? answer.object_ids), desired.objectIds)) return false;
  if (normaliseFilters(answer.filters) !== desired.filters) return false;
  const integration = answer.integraion_id ?? answer.integration_id;
  if (integration !== undefined && integration !== null && integration !== '') {
    if (integration !== desired.integrationId) return false;
  } else if (
    desired.integrationId !== undefined &&
    ('integraion_id' in answer || 'integration_id' in answer)
  ) {
    return false;
  }
  const settings = answer.webhook_settings as { callback_url?: unknown } | undefined;
  const echoed = settings?.callback_url ?? answer.callback_url;
  const callbackUrl = typeof echoed === 'string' ? echoed : stored.callbackUrl;
  if (callbackUrl === undefined) return false;
  return stored.withoutToken
    ? sameUrl(callbackUrlWithoutToken(callbackUrl), callbackUrlWithoutToken(desired.callbackUrl))
    : sameUrl(callbackUrl, desired.callbackUrl);
}

/** Reads a subscription; undefined when WorkSpan no longer has it (404). */
export async function readSubscription(
  caller: TriggerCaller,
  subscriberId: string,
  options: CallOptions = {},
): Promise<SubscriberInfo | undefined> {
  try {
    return await caller.call('ReadSubscriber', { subscriberId }, options);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes a subscription; true if it was deleted, false if it was already gone (404). */
export async function deleteSubscription(
  caller: TriggerCaller,
  subscriberId: string,
  options: CallOptions = {},
): Promise<boolean> {
  try {
    await caller.call('DeleteSubscriber', { subscriberId }, options);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export interface StoredSubscription {
  subscriberId: string;
  /** The callback URL it was created with, when the host kept it. */
  callbackUrl?: string;
}

export interface Reconciliation {
  /** The one subscription kept because it still matches `desired`. */
  kept: (StoredSubscription & { info: SubscriberInfo }) | undefined;
  /** Subscriptions of this host deleted (left-overs, or no longer matching). */
  deleted: string[];
  /** Ids WorkSpan no longer knows. */
  gone: string[];
  /** Stored ids that exist under another name: not this host's, left alone. */
  otherNames: string[];
  /** Whether WorkSpan answered the list of subscriptions (else only the stored ids were checked). */
  listed: boolean;
}

/** A subscription as a list answers it: at least its id, and whatever ReadSubscriber would answer. */
export type ListedSubscription = Record<string, unknown> & { subscriber_id: string };

/**
 * Reads the subscriptions WorkSpan has for the connection; undefined when it does not answer such
 * a list, so the caller falls back to the ids it stored.
 */
export type SubscriptionLister = (
  caller: TriggerCaller,
  options?: CallOptions,
) => Promise<ListedSubscription[] | undefined>;

/**
 * The developer portal's `GET /event/v1/subscriber`, which the connector lacks. Undefined, quietly,
 * when WorkSpan does not serve it (404, 405, 501) or answers something that is not a readable list;
 * any other failure (authentication, a server error) is thrown as for any call.
 */
export const listSubscriptions: SubscriptionLister = async (caller, options = {}) => {
  let answer: unknown;
  try {
    // A portal operation has the shape of a catalogue operation; it is only kept out of the catalogue.
    answer = await caller.call(listSubscribers as unknown as AnyOperation, {}, options);
  } catch (error) {
    if (listUnavailable(error)) return undefined;
    throw error;
  }
  return readSubscriberList(answer);
};

const listKeys = ['subscribers', 'results', 'data', 'items'] as const;

/**
 * The subscriptions in a list answer: a JSON array, or an object holding one under `subscribers`,
 * `results`, `data` or `items`; entries without a `subscriber_id` are skipped. Undefined when the
 * answer holds no such list, or a list none of whose entries is a subscription.
 */
export function readSubscriberList(answer: unknown): ListedSubscription[] | undefined {
  const list = Array.isArray(answer)
    ? answer
    : isRecord(answer)
      ? listKeys.map((key) => answer[key]).find(Array.isArray)
      : undefined;
  if (!list) return undefined;
  const entries = list.filter(
    (entry): entry is ListedSubscription =>
      isRecord(entry) && typeof entry.subscriber_id === 'string' && entry.subscriber_id !== '',
  );
  return list.length > 0 && entries.length === 0 ? undefined : entries;
}

/** The callback URL a listed (or read) subscription shows, if it shows one. */
function shownCallbackUrl(answer: Record<string, unknown>): string | undefined {
  const settings = answer.webhook_settings as { callback_url?: unknown } | undefined;
  const shown = (isRecord(settings) ? settings.callback_url : undefined) ?? answer.callback_url;
  return typeof shown === 'string' && shown !== '' ? shown : undefined;
}

/**
 * Whether a listed subscription is this host's: its callback URL, without the token, is the host's
 * receiver; when the list shows no callback URL, its name is the host's subscriber name.
 */
export function isOwnSubscription(
  listed: Record<string, unknown>,
  own: { name: string; callbackUrl?: string | undefined },
): boolean {
  const shown = shownCallbackUrl(listed);
  if (shown !== undefined && own.callbackUrl !== undefined)
    return sameUrl(callbackUrlWithoutToken(shown), callbackUrlWithoutToken(own.callbackUrl));
  return listed.name === own.name;
}

/**
 * Finds this host's left-over subscriptions and deletes them, so restarts do not leak any: through
 * `lister` (the developer portal's list, `listSubscriptions`) when WorkSpan answers it — the
 * subscriptions whose callback URL is this host's receiver (`callbackUrl`, or `desired`'s; the token
 * is ignored) or, when the list shows none, that carry `name` — and always the ids the host stored
 * (`known`), read back one by one. Of those, the first that still matches `desired` (if given) is
 * kept; the rest are deleted, tolerating ones already gone. A stored id under another name is not
 * this host's and is left alone.
 */
export async function reconcileSubscriptions(
  caller: TriggerCaller,
  options: {
    name: string;
    known: Iterable<string | StoredSubscription>;
    desired?: DesiredSubscription;
    /** This host's callback URL (its token is ignored); by default `desired`'s. */
    callbackUrl?: string;
    lister?: SubscriptionLister;
    callOptions?: CallOptions;
  },
): Promise<Reconciliation> {
  const result: Reconciliation = { kept: undefined, deleted: [], gone: [], otherNames: [], listed: false };
  const listed = options.lister ? await options.lister(caller, options.callOptions) : undefined;
  const byId = new Map((listed ?? []).map((entry) => [entry.subscriber_id, entry]));
  result.listed = listed !== undefined;
  const own = { name: options.name, callbackUrl: options.callbackUrl ?? options.desired?.callbackUrl };
  const candidates: StoredSubscription[] = [];
  const seen = new Set<string>();
  for (const entry of options.known) {
    const stored = typeof entry === 'string' ? { subscriberId: entry } : entry;
    if (seen.has(stored.subscriberId)) continue;
    seen.add(stored.subscriberId);
    candidates.push(stored);
  }
  for (const entry of byId.values()) {
    if (seen.has(entry.subscriber_id) || !isOwnSubscription(entry, own)) continue;
    seen.add(entry.subscriber_id);
    const shown = shownCallbackUrl(entry);
    candidates.push({ subscriberId: entry.subscriber_id, ...(shown ? { callbackUrl: shown } : {}) });
  }
  for (const stored of candidates) {
    const fromList = byId.get(stored.subscriberId);
    const info =
      (fromList as SubscriberInfo | undefined) ??
      (await readSubscription(caller, stored.subscriberId, options.callOptions));
    if (!info) {
      result.gone.push(stored.subscriberId);
      continue;
    }
    const ownByUrl = fromList !== undefined && isOwnSubscription(fromList, own);
    if (!ownByUrl && info.name !== undefined && info.name !== options.name) {
      result.otherNames.push(stored.subscriberId);
      continue;
    }
    if (!result.kept && options.desired && subscriptionMatches(info, options.desired, stored)) {
      result.kept = { ...stored, info };
      continue;
    }
    if (await deleteSubscription(caller, stored.subscriberId, options.callOptions))
      result.deleted.push(stored.subscriberId);
    else result.gone.push(stored.subscriberId);
  }
  return result;
}

/** The trigger operation from the catalogue; its `behaviours.trigger` names the callback URL field. */
function triggerOperation(operationId: TriggerOperationId): AnyOperation {
  const operation = getOperation(operationId);
  if (operation.kind !== 'trigger') throw new Error(`${operationId} is not a trigger operation`);
  return operation;
}

function callbackFieldOf(operation: AnyOperation): string {
  const name = operation.behaviours.trigger?.callbackUrlField;
  if (!name) throw new Error(`${operation.id} has no callback URL field`);
  return name;
}

/** WorkSpan does not serve the list (404, 405, 501) or its answer is not JSON: fall back quietly. */
function listUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === 404 || status === 405 || status === 501 || code === 'invalid-response';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 404 from WorkSpan, recognised by shape so it holds across copies of this package. */
function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as { status?: unknown }).status === 404;
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  const a = new Set(left);
  const b = new Set(right);
  return a.size === b.size && [...a].every((item) => b.has(item));
}

function normaliseFilters(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function sameUrl(left: string, right: string): boolean {
  try {
    return new URL(left).href === new URL(right).href;
  } catch {
    return left === right;
  }
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let position = 0; position < characters; position++)
      text += alphabet[(chunk >> (18 - position * 6)) & 63];
  }
  return text;
}
