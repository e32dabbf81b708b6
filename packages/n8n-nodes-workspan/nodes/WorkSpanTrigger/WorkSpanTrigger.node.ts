import {
  constantTimeEqual,
  deleteSubscription,
  deliveryHeaders,
  type OperationId,
  readSubscription,
  withCallbackToken,
} from '@workspan-kit/core';
import { createHash } from 'crypto';
import {
  generateSecureToken,
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
  workSpanTriggerSummary,
} from '../../shared/trigger-description';

/** What the trigger keeps in the workflow's static data between activations and deliveries. */
interface TriggerState extends IDataObject {
  subscriberId?: string;
  token?: string;
  callbackUrl?: string;
  events?: string[];
  filters?: string;
  /** Recent delivery keys, oldest first, so a redelivery does not run the workflow twice. */
  deliveries?: string[];
}

const rememberedDeliveries = 500;

/**
 * Delivery keys seen by this n8n process, per trigger node. Static data alone is not enough: n8n
 * saves it only after the execution, so a redelivery arriving meanwhile would run again.
 */
const recentDeliveries = new Map<string, string[]>();

/** Remembers `key` for this trigger; false when it was already seen (in this process or stored). */
function firstDelivery(triggerKey: string, state: TriggerState, key: string): boolean {
  const recent = recentDeliveries.get(triggerKey) ?? [];
  const stored = state.deliveries ?? [];
  if (recent.includes(key) || stored.includes(key)) return false;
  recentDeliveries.set(triggerKey, [...recent, key].slice(-rememberedDeliveries));
  state.deliveries = [...stored, key].slice(-rememberedDeliveries);
  return true;
}
/** The output key that holds the delivery's metadata beside the payload's own fields. */
export const deliveryKey = 'workspanDelivery';

function operationOf(context: IHookFunctions | IWebhookFunctions) {
  const source = context.getNodeParameter(eventSourceParameter) as string;
  const operation = triggerOperations.find((candidate) => candidate.key === source);
  if (!operation) throw new NodeOperationError(context.getNode(), `Unknown event source "${source}"`);
  return operation;
}

function subscriptionInput(context: IHookFunctions, callbackUrl: string) {
  const operation = operationOf(context);
  const input = readOperationInput(operation, (name, fallback) => context.getNodeParameter(name, fallback));
  if (input.name === undefined)
    input.name = `n8n workflow ${context.getWorkflow().id ?? ''} ${context.getNode().name}`;
  input.callbackUrl = callbackUrl;
  return { operation, input };
}

const asList = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String).sort();

/** The events a subscription delivers, as the trigger asked for them. */
function eventsOf(operation: (typeof triggerOperations)[number], input: Record<string, unknown>): string[] {
  const constant = operation.http.constants?.event;
  return asList(input.events ?? input.event ?? constant);
}

export class WorkSpanTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'WorkSpan Trigger',
    name: 'workSpanTrigger',
    icon: { light: 'file:../../icons/workspan.svg', dark: 'file:../../icons/workspan.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: `={{$parameter["${eventSourceParameter}"]}}`,
    description: workSpanTriggerSummary,
    defaults: { name: 'WorkSpan Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'workSpanApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: workSpanTriggerProperties,
  };

  methods = { loadOptions: listSearch };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as TriggerState;
        if (!state.subscriberId || !state.token) return false;
        const client = createClient(this, await this.getCredentials(credentialType));
        const stored = await readSubscription(client, state.subscriberId);
        const webhookUrl = this.getNodeWebhookUrl('default') ?? '';
        const { operation, input } = subscriptionInput(this, withCallbackToken(webhookUrl, state.token));
        const matches =
          stored !== undefined &&
          state.callbackUrl === input.callbackUrl &&
          asList(stored.event).join(',') === eventsOf(operation, input).join(',') &&
          (stored.filters ?? '') === String(input.filters ?? '');
        if (matches) return true;
        if (stored) await deleteSubscription(client, state.subscriberId);
        delete state.subscriberId;
        delete state.token;
        delete state.callbackUrl;
        return false;
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as TriggerState;
        const webhookUrl = this.getNodeWebhookUrl('default');
        if (!webhookUrl)
          throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this trigger');
        const token = generateSecureToken();
        const { operation, input } = subscriptionInput(this, withCallbackToken(webhookUrl, token));
        const client = createClient(this, await this.getCredentials(credentialType));
        client.addSecret(token);
        try {
          const { subscriber_id } = await client.call(operation.id as OperationId, input as never);
          Object.assign(state, {
            subscriberId: subscriber_id,
            token,
            callbackUrl: input.callbackUrl,
            events: eventsOf(operation, input),
            filters: String(input.filters ?? ''),
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
          const client = createClient(this, await this.getCredentials(credentialType));
          try {
            await deleteSubscription(client, state.subscriberId);
          } catch (error) {
            throw toNodeError(this.getNode(), undefined, error, 0);
          }
        }
        delete state.subscriberId;
        delete state.token;
        delete state.callbackUrl;
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const state = this.getWorkflowStaticData('node') as TriggerState;
    const query = this.getQueryData() as Record<string, unknown>;
    const given = typeof query.token === 'string' ? query.token : '';
    if (!state.token || !constantTimeEqual(given, state.token)) {
      this.getResponseObject().status(401).json({ message: 'unauthorized' });
      return { noWebhookResponse: true };
    }
    const body = this.getBodyData();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.getResponseObject().status(400).json({ message: 'the body is not a JSON object' });
      return { noWebhookResponse: true };
    }
    const headers = this.getHeaderData();
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const request = this.getRequestObject() as { rawBody?: Buffer };
    const deliveryId = header(deliveryHeaders.deliveryId);
    const key =
      deliveryId ??
      createHash('sha256')
        .update(request.rawBody ?? JSON.stringify(body))
        .digest('hex');
    const triggerKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id ?? this.getNode().name}`;
    if (!firstDelivery(triggerKey, state, key))
      return { webhookResponse: { received: true, duplicate: true } };
    const metadata: IDataObject = {
      ...(deliveryId ? { id: deliveryId } : {}),
      ...(header(deliveryHeaders.event) ? { event: header(deliveryHeaders.event) } : {}),
      ...(header(deliveryHeaders.subscriberId) ? { subscriberId: header(deliveryHeaders.subscriberId) } : {}),
      ...(header(deliveryHeaders.attempt) ? { attempt: Number(header(deliveryHeaders.attempt)) } : {}),
      receivedAt: new Date().toISOString(),
      key,
    };
    return { workflowData: [this.helpers.returnJsonArray([{ ...body, [deliveryKey]: metadata }])] };
  }
}
