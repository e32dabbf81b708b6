import type { INodeProperties } from 'n8n-workflow';
import { allOperations, subtitleFor } from './form-names';
import { operationProperties } from './operation-form';

export const triggerOperations = allOperations.filter((operation) => operation.kind === 'trigger');

export const eventSourceParameter = 'eventSource';

/** The subscriber name is optional here: empty, the trigger names it after the workflow and node. */
const subscriberNameParameter = 'name';

const eventSource: INodeProperties = {
  displayName: 'Event Source',
  name: eventSourceParameter,
  type: 'options',
  noDataExpression: true,
  options: triggerOperations.map((operation) => ({
    name: operation.name,
    value: operation.key,
    description: operation.description,
  })),
  default: triggerOperations[0]?.key ?? '',
};

const fieldParameters = triggerOperations.flatMap((operation) =>
  operationProperties(operation, { [eventSourceParameter]: [operation.key] }).map((property) =>
    property.name === subscriberNameParameter
      ? { ...property, required: false, hint: 'Leave empty to name it after this workflow and node' }
      : property,
  ),
);

export const workSpanTriggerSummary = `Starts the workflow when WorkSpan delivers an event: ${triggerOperations
  .map((operation) => operation.actionSentence.toLowerCase())
  .join('; ')}.`;

export const workSpanTriggerProperties: INodeProperties[] = [eventSource, ...fieldParameters];

/** The canvas subtitle: the event source as the form names it ("On Object Event"). */
export const workSpanTriggerSubtitle = subtitleFor(
  `$parameter["${eventSourceParameter}"]`,
  Object.fromEntries(triggerOperations.map((operation) => [operation.key, operation.name])),
);
