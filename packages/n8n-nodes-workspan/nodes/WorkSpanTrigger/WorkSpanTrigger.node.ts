import {
  buildCallbackUrl,
  createCallbackToken,
  createDeliveryReceiver,
  createListDedupeStore,
  createMemoryDedupeStore,
  type DeliveryDedupeStore,
  deleteSubscription,
  deliveryAsItem,
  desiredSubscription,
  listSubscriptions,
  readSubscription,
  reconcileSubscriptions,
  subscribeTrigger,
  subscriptionMatches,
  type TriggerOperationId,
} from '@workspan-kit/core';
import { callbackTokenDigest, callbackUrlWithoutToken } from '@workspan-kit/core/internal';
import {
  type IDataObject,
  type IHookFunctions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
  NodeConnectionTypes,
  NodeOperationError,
} from 'n8n-workflow';
import { createClient } from '../../shared/client';
import { listSearch } from '../../shared/list-sources';
import { toNodeError } from '../../shared/node-errors';
import { readOperationInput } from '../../shared/operation-input';
import { credentialType } from '../../shared/transport';
import {
  eventSourceParameter,
  triggerOperations,
  workSpanTriggerProperties,
  workSpanTriggerSubtitle,
  workSpanTriggerSummary,
} from '../../shared/trigger-description';
import { keepOnlyDigest, type TriggerState } from '../../shared/trigger-state';

const rememberedDeliveries = 500;

/**
 * Delivery keys seen by this n8n process, per subscription. Static data alone is not enough: n8n
 * stores it only after the execution, so a redelivery arriving meanwhile would run again. Per
 * subscription, not per node: while a published workflow also listens for a test event, WorkSpan
 * sends the same event to both URLs, and each must run it. Exactly once holds per process: static
 * data is written without a lock, so in queue mode one process must receive a trigger's deliveries
 * (README "Queue mode", decision 21).
 */
const processStores = new Map<string, DeliveryDedupeStore>();

const storeKey = (context: IHookFunctions | IWebhookFunctions, subscriberId: string | undefined) =>
  `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}:${subscriberId ?? ''}`;

function dedupeStore(triggerKey: string, state: TriggerState): DeliveryDedupeStore {
  let recent = processStores.get(triggerKey);
  if (!recent) {
    recent = createMemoryDedupeStore({ limit: rememberedDeliveries });
    processStores.set(triggerKey, recent);
  }
  const inProcess = recent;
  const stored = createListDedupeStore(
    {
      read: () => state.deliveries,
      write: (entries) => {
        state.deliveries = entries;
      },
    },
    { limit: rememberedDeliveries },
  );
  return {
    // Both are written; this process's record is the newer one when it has any.
    async exchange(key, value, ttlMs) {
      const recentValue = await inProcess.exchange(key, value, ttlMs);
      const storedValue = await stored.exchange(key, value, ttlMs);
      return recentValue ?? storedValue;
    },
  };
}

function bodyAsJson(body: unknown): string {
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '['.repeat(1000);
  }
}

function forget(state: TriggerState): void {
  delete state.subscriberId;
  delete state.token;
  delete state.tokenDigest;
  delete state.callbackUrl;
}

/** The subscription the node's parameters ask for, its name defaulting to the workflow and node. */
function wanted(context: IHookFunctions, callbackUrl: string) {
  const source = context.getNodeParameter(eventSourceParameter) as string;
  const operation = triggerOperations.find((candidate) => candidate.key === source);
  if (!operation) throw new NodeOperationError(context.getNode(), `Unknown event source "${source}"`);
  const input = readOperationInput(operation, (name, fallback) => context.getNodeParameter(name, fallback));
  if (input.name === undefined)
    input.name = `n8n workflow ${context.getWorkflow().id ?? ''} ${context.getNode().name}`;
  const operationId = operation.id as TriggerOperationId;
  try {
    return { operation, operationId, input, desired: desiredSubscription(operationId, input, callbackUrl) };
  } catch (error) {
    throw toNodeError(context.getNode(), operation, error, 0);
  }
}

export class WorkSpanTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'WorkSpan Trigger',
    name: 'workSpanTrigger',
    icon: { light: 'file:../../icons/workspan.svg', dark: 'file:../../icons/workspan.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: workSpanTriggerSubtitle,
    description: workSpanTriggerSummary,
    defaults: { name: 'WorkSpan Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'workSpanApi', required: true }],
    // An empty responseData lets n8n answer with the webhook's own response (its default is a placeholder).
    webhooks: [
      { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' },
    ],
    properties: workSpanTriggerProperties,
  };

  methods = { listSearch };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as TriggerState;
        await keepOnlyDigest(state);
        if (!state.subscriberId || !state.tokenDigest) return false;
        // The token is not kept: the subscription's callback URL is compared without it, and the
        // token is checked on every delivery.
        const { operation, desired } = wanted(this, this.getNodeWebhookUrl('default') ?? '');
        const client = createClient(this, await this.getCredentials(credentialType));
        try {
          const current = await readSubscription(client, state.subscriberId);
          if (
            subscriptionMatches(current, desired, {
              ...(state.callbackUrl ? { callbackUrl: state.callbackUrl } : {}),
              withoutToken: true,
            })
          )
            return true;
          // Changed or gone: remove what is left, so create() leaves exactly one.
          if (current) await deleteSubscription(client, state.subscriberId);
          processStores.delete(storeKey(this, state.subscriberId));
        } catch (error) {
          throw toNodeError(this.getNode(), operation, error, 0);
        }
        forget(state);
        return false;
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as TriggerState;
        const webhookUrl = this.getNodeWebhookUrl('default');
        if (!webhookUrl)
          throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this trigger');
        const token = createCallbackToken();
        const callbackUrl = buildCallbackUrl(webhookUrl, token);
        // Checked first: a filter with a mistake is reported with its position before any call.
        const { operation, operationId, input, desired } = wanted(this, callbackUrl);
        const client = createClient(this, await this.getCredentials(credentialType));
        client.addSecret(token);
        try {
          // Left-overs of this trigger whose id never reached the static data (n8n stopped between
          // subscribing and saving): found through WorkSpan's list of subscriptions when it answers it.
          await reconcileSubscriptions(client, {
            name: String(desired.name),
            known: state.subscriberId ? [state.subscriberId] : [],
            callbackUrl,
            lister: listSubscriptions,
          });
          const subscription = await subscribeTrigger(client, operationId, input, callbackUrl);
          forget(state);
          Object.assign(state, {
            subscriberId: subscription.subscriberId,
            tokenDigest: await callbackTokenDigest(token),
            callbackUrl: callbackUrlWithoutToken(callbackUrl),
            deliveries: [],
          });
        } catch (error) {
          throw toNodeError(this.getNode(), operation, error, 0);
        }
        return true;
      },

      async delete(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as TriggerState;
        if (state.subscriberId) {
          processStores.delete(storeKey(this, state.subscriberId));
          const client = createClient(this, await this.getCredentials(credentialType));
          try {
            // Already gone counts as deleted.
            await deleteSubscription(client, state.subscriberId);
          } catch (error) {
            throw toNodeError(this.getNode(), undefined, error, 0);
          }
        }
        forget(state);
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const state = this.getWorkflowStaticData('node') as TriggerState;
    const response = this.getResponseObject();
    const tokenCheck = state.tokenDigest
      ? { tokenDigest: state.tokenDigest }
      : state.token
        ? { token: state.token }
        : undefined;
    if (!tokenCheck) {
      response.status(401).json({ message: 'unauthorized' });
      return { noWebhookResponse: true };
    }
    const request = this.getRequestObject() as unknown as {
      originalUrl?: string;
      url: string;
      rawBody?: Buffer;
    };
    const receive = createDeliveryReceiver({
      ...tokenCheck,
      store: dedupeStore(storeKey(this, state.subscriberId), state),
    });
    const verdict = await receive({
      url: request.originalUrl ?? request.url,
      headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
      // n8n keeps the raw bytes; a body it has only as parsed data is written back, and one too deep
      // to write is passed on as such, for core to refuse (400) rather than fail here (500).
      body: request.rawBody ?? bodyAsJson(this.getBodyData()),
    });
    if (!verdict.accepted) {
      response.status(verdict.status).json({ message: verdict.reason });
      return { noWebhookResponse: true };
    }
    if (verdict.warning) this.logger.warn(verdict.warning);
    if (verdict.delivery.duplicate) {
      this.logger.info(
        `WorkSpan Trigger skipped a redelivery (${verdict.delivery.dedupeKey}, ${verdict.delivery.digest})`,
      );
      return { webhookResponse: { received: true, duplicate: true } };
    }
    // Answered at once, before the workflow runs: without a body of its own n8n answers a placeholder.
    return {
      webhookResponse: { received: true, duplicate: false },
      workflowData: [this.helpers.returnJsonArray([deliveryAsItem(verdict) as IDataObject])],
    };
  }
}
