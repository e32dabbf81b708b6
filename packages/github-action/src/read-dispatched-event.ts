import { readFileSync } from 'node:fs';
import * as actions from '@actions/core';
import { dispatchEnvelopeSchema } from '@workspan-kit/core/internal';
import { eventOutputs, payloadOutputRefusal } from './action-outputs.js';
import { logLine } from './log-line.js';

/** The action's own operation, for the workflow a WorkSpan event triggered. */
export const readDispatchedEventOperation = {
  id: 'ReadDispatchedEvent',
  title: 'Read the WorkSpan event that triggered this workflow',
  description:
    'Checks github.event.client_payload of a workspan.* repository_dispatch event against the relay’s envelope and puts out the event and each payload field.',
} as const;

/** The triggered workflow's side: the relay's envelope checked, the event's fields put out. */
export function readDispatchedEvent(env: NodeJS.ProcessEnv): void {
  const path = env.GITHUB_EVENT_PATH;
  if (!path)
    throw new Error(
      'ReadDispatchedEvent needs the event file the runner provides (GITHUB_EVENT_PATH is not set).',
    );
  const event = JSON.parse(readFileSync(path, 'utf8')) as { action?: unknown; client_payload?: unknown };
  if (env.GITHUB_EVENT_NAME && env.GITHUB_EVENT_NAME !== 'repository_dispatch')
    throw new Error(
      `ReadDispatchedEvent runs in a workflow triggered by repository_dispatch, not ${env.GITHUB_EVENT_NAME}.`,
    );
  const checked = dispatchEnvelopeSchema.safeParse(event.client_payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = ['client_payload', ...(issue?.path ?? []).map(String)].join('.');
    throw new Error(
      `github.event.client_payload is not a WorkSpan relay event: ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const envelope = checked.data;
  if (typeof event.action === 'string' && !event.action.startsWith('workspan.'))
    throw new Error(`The event type "${event.action}" is not a workspan.* event.`);
  actions.setOutput('event', envelope.event);
  actions.setOutput('delivery-id', envelope.delivery_id);
  actions.setOutput('route', envelope.route);
  actions.setOutput('received-at', envelope.received_at);
  actions.setOutput('payload', JSON.stringify(envelope.payload));
  actions.setOutput('trimmed', JSON.stringify(envelope.trimmed));
  const taken = new Set(['result', ...eventOutputs.map((output) => output.name)]);
  for (const [name, value] of Object.entries(envelope.payload)) {
    const refusal = payloadOutputRefusal(name, taken);
    if (refusal) {
      actions.warning(`Payload field ${JSON.stringify(name)} is in the payload output only: ${refusal}.`);
      continue;
    }
    taken.add(name.toLowerCase());
    actions.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  if (envelope.trimmed.length > 0)
    actions.warning(
      `The relay left out ${envelope.trimmed.join(', ')} to fit GitHub's payload limit; read them from WorkSpan.`,
    );
  logLine(`WorkSpan event ${envelope.event} (delivery ${envelope.delivery_id}).`);
}
