import { environments, type FormConnectionSettings } from '../connection.js';

export interface ConnectionField {
  /** The key in `ConnectionSettings` (and in each host's credential form). */
  name: 'environment' | 'baseUrl' | 'clientId' | 'clientSecret' | 'hostname' | 'notes';
  label: string;
  description: string;
  kind: 'options' | 'string';
  required: boolean;
  default?: string;
  choices?: readonly { value: string; label: string; description: string }[];
  /** Masked in forms, stored as a secret, redacted from logs. */
  secret?: boolean;
  placeholder?: string;
  multiline?: boolean;
  visibleWhen?: Record<string, readonly string[]>;
}

/** The value of `environment` that reveals `baseUrl` (a local sandbox, a proxy). */
export const customEnvironment = 'custom';

/**
 * What a user fills in to connect, as the connector's connection dialog asks for it, plus a base
 * URL for a local sandbox. Every host's credential form is generated from this list.
 */
export const connectionFields: readonly ConnectionField[] = [
  {
    name: 'environment',
    label: 'Environment',
    description:
      'The WorkSpan API to call. Production is https://api.workspan.com, with the app hostname app.workspan.com; every WorkSpan sandbox shares https://api-sandbox.workspan.com, and the app hostname (such as uat.workspan.com or demo.workspan.com) picks which.',
    kind: 'options',
    required: true,
    default: 'production',
    choices: [
      {
        value: 'production',
        label: 'Production',
        description: `${environments.production}, with the app hostname app.workspan.com`,
      },
      {
        value: 'sandbox',
        label: 'Sandbox',
        description: `${environments.sandbox}, shared by every WorkSpan sandbox; the app hostname (such as uat.workspan.com or demo.workspan.com) picks yours`,
      },
      {
        value: customEnvironment,
        label: 'Custom URL',
        description: 'Another base URL, such as a local WorkSpan sandbox',
      },
    ],
  },
  {
    name: 'baseUrl',
    label: 'Base URL',
    description: 'The API base URL: https, or http on a loopback address such as a local sandbox.',
    kind: 'string',
    required: true,
    placeholder: 'http://127.0.0.1:4010',
    visibleWhen: { environment: [customEnvironment] },
  },
  {
    name: 'clientId',
    label: 'Application User ID',
    description: 'The id of the WorkSpan application user this connection acts as.',
    kind: 'string',
    required: true,
  },
  {
    name: 'clientSecret',
    label: 'Application User Secret',
    description: 'The secret of that application user.',
    kind: 'string',
    required: true,
    secret: true,
  },
  {
    name: 'hostname',
    label: 'WorkSpan App Hostname',
    description:
      "Your WorkSpan app hostname, without https://, sent as x-ws-env: app.workspan.com in production; in a sandbox your sandbox's own, such as uat.workspan.com or demo.workspan.com.",
    kind: 'string',
    required: true,
    placeholder: 'app.workspan.com',
  },
  {
    name: 'notes',
    label: 'Notes',
    description: 'Anything worth remembering about this connection; not sent to WorkSpan.',
    kind: 'string',
    required: false,
    multiline: true,
  },
];

/** The environment a connection resolves: a named one, or the base URL when `custom`. */
export function environmentFromFields(values: { environment?: string; baseUrl?: string }): string {
  return values.environment === customEnvironment ? (values.baseUrl ?? '') : (values.environment ?? '');
}

/**
 * A host's connection form as core's connection settings, the one way every host reads it:
 * text as given (ids and the hostname trimmed), the environment's default when none is chosen,
 * and the base URL when the environment is `custom` (a problem with it then names `baseUrl`).
 */
export function connectionFromFields(
  values: Readonly<Record<string, unknown>>,
): FormConnectionSettings & { environment: string } {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const environmentDefault = String(
    connectionFields.find((field) => field.name === 'environment')?.default ?? '',
  );
  const environment = text('environment').trim() || environmentDefault;
  return {
    environment: environmentFromFields({ environment, baseUrl: text('baseUrl').trim() }),
    clientId: text('clientId').trim(),
    clientSecret: text('clientSecret'),
    hostname: text('hostname').trim(),
    ...(environment === customEnvironment ? { environmentField: 'baseUrl' as const } : {}),
  };
}
