import { z } from 'zod';
import { parseEventFilter } from '../filter-language/index.js';
import { type FieldLocation, field } from './field.js';

/**
 * The one length policy for text the API takes, checked before sending: ids and names fit in a
 * URL or a header with room to spare; free text fits an audit log entry.
 */
export const lengthLimits = { identifier: 512, name: 200, text: 4000 } as const;

/** A non-empty identifier that is safe as a path segment once encoded (no `.`/`..` segments). */
export const identifier = (what: string) =>
  z
    .string({ error: `${what} as text` })
    .trim()
    .min(1, { error: `${what} (not empty)` })
    .max(lengthLimits.identifier, { error: `${what} of at most ${lengthLimits.identifier} characters` })
    .refine((value) => value !== '.' && value !== '..', { error: `${what}, not "." or ".."` })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { error: `${what} without control characters` });

const integrationId = identifier('an integration id such as WS-Integration_abc123');

const integrationIdPresentation = (location: FieldLocation, description: string) => ({
  in: location,
  wireName: 'integration_id',
  label: 'Integration',
  description,
  listSource: 'integrations' as const,
});

export const integrationIdField = (location: FieldLocation, description: string) =>
  field(integrationId, integrationIdPresentation(location, description));

export const optionalIntegrationIdField = (location: FieldLocation, description: string) =>
  field(integrationId.optional(), { ...integrationIdPresentation(location, description), advanced: true });

export const objectIdField = (description: string) =>
  field(identifier('a WorkSpan object id (long id) such as WS-Project_agpzfndzLWF'), {
    in: 'path',
    wireName: 'object_id',
    label: 'Object ID',
    description,
    placeholder: 'WS-Project_agpzfndzLWF',
  });

export const subscriberNameField = (description: string) =>
  field(
    z
      .string({ error: 'a subscriber name' })
      .trim()
      .min(1, { error: 'a subscriber name (not empty)' })
      .max(lengthLimits.name, { error: `a subscriber name of at most ${lengthLimits.name} characters` }),
    {
      in: 'body',
      wireName: 'name',
      label: 'Subscriber Name',
      description,
    },
  );

export const objectIdsField = () =>
  field(z.array(identifier('WorkSpan object ids')).optional(), {
    in: 'body',
    wireName: 'object_ids',
    label: 'Object IDs',
    description: 'Only deliver events about these WorkSpan objects (long ids). Leave empty for all objects.',
    advanced: true,
  });

export const eventFilterField = () =>
  field(
    z
      .string({ error: 'an event filter as text' })
      .max(lengthLimits.text, { error: `an event filter of at most ${lengthLimits.text} characters` })
      .optional()
      .superRefine((value, context) => {
        if (value === undefined || value.trim() === '') return;
        try {
          parseEventFilter(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: `a valid event filter: ${(error as Error).message}` });
        }
      }),
    {
      in: 'body',
      wireName: 'filters',
      label: 'Filters',
      description:
        'Only deliver events whose payload matches this filter, e.g. (stage in ["closed", "won", "lost"]) AND (sales_details.partner = "P1").',
      kind: 'eventFilter',
      multiline: true,
      placeholder: '(stage in ["closed", "won", "lost"]) AND (sales_details.partner = "P1")',
      advanced: true,
    },
  );

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const callbackUrlField = () =>
  field(
    z
      .string({ error: 'the URL WorkSpan posts events to' })
      .trim()
      .max(2048, { error: 'a callback URL of at most 2048 characters' })
      .refine(isHttpUrl, { error: 'an absolute http(s) URL WorkSpan can post events to' }),
    {
      in: 'body',
      wireName: 'webhook_settings.callback_url',
      label: 'Callback URL',
      description: 'Where WorkSpan delivers events. Triggers fill this in with their own webhook address.',
      role: 'callbackUrl',
      secret: true,
    },
  );

export const pageFields = (sizeDefault: number) => ({
  pageNumber: field(
    z.coerce
      .number({ error: 'a page number (0 or more)' })
      .int({ error: 'a whole page number' })
      .min(0, { error: 'a page number of 0 or more' })
      .default(0),
    {
      in: 'body',
      wireName: 'page.number',
      label: 'Page Number',
      description: 'Which page to read, starting at 0.',
      advanced: true,
    },
  ),
  pageSize: field(
    z.coerce
      .number({ error: 'a page size from 1 to 10000' })
      .int({ error: 'a whole page size' })
      .min(1, { error: 'a page size from 1 to 10000' })
      .max(10000, { error: 'a page size from 1 to 10000' })
      .default(sizeDefault),
    {
      in: 'body',
      wireName: 'page.size',
      label: 'Page Size',
      description: 'Rows per page, 1 to 10000.',
      advanced: true,
    },
  ),
});
