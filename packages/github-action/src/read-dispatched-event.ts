/** The action's own operation, for the workflow a WorkSpan event triggered. */
export const readDispatchedEvent = {
  id: 'ReadDispatchedEvent',
  title: 'Read the WorkSpan event that triggered this workflow',
  description:
    'Checks github.event.client_payload of a workspan.* repository_dispatch event against the relay’s envelope and puts out the event and each payload field.',
} as const;
