import { environments } from '@workspan-kit/core';
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

const customEnvironment = 'custom';

const titleCase = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** The connection dialog's fields, as the connector names them, plus a base URL for a local sandbox. */
export const connectionProperties: INodeProperties[] = [
  {
    displayName: 'Environment',
    name: 'environment',
    type: 'options',
    options: [
      ...Object.entries(environments).map(([name, url]) => ({
        name: titleCase(name),
        value: name,
        description: url,
      })),
      {
        name: 'Custom URL',
        value: customEnvironment,
        description: 'Another base URL, such as a local WorkSpan sandbox',
      },
    ],
    default: 'production',
    description: 'The WorkSpan API to connect to',
  },
  {
    displayName: 'Base URL',
    name: 'baseUrl',
    type: 'string',
    default: '',
    placeholder: 'http://127.0.0.1:4010',
    description: 'An https URL, or http on a loopback address (a local WorkSpan sandbox)',
    displayOptions: { show: { environment: [customEnvironment] } },
  },
  {
    displayName: 'Application User ID',
    name: 'clientId',
    type: 'string',
    default: '',
    required: true,
    description: 'The ID of the WorkSpan application user this connection acts as',
  },
  {
    displayName: 'Application User Secret',
    name: 'clientSecret',
    type: 'string',
    typeOptions: { password: true },
    default: '',
    required: true,
    description: 'The secret of the application user',
  },
  {
    displayName: 'WorkSpan App Hostname',
    name: 'hostname',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'app.workspan.com',
    description: 'The hostname of your WorkSpan app, without https://',
  },
  {
    displayName: 'Calls per Minute',
    name: 'callsPerMinute',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 100,
    description:
      'How many calls this credential may make per 60 seconds in this n8n process. WorkSpan allows 100 per connection.',
  },
  {
    displayName: 'Notes',
    name: 'notes',
    type: 'string',
    typeOptions: { rows: 3 },
    default: '',
    description: 'Anything worth remembering about this connection; not sent to WorkSpan',
  },
];

/** The API base URL of the credential, as an n8n expression (for the credential test request). */
export const baseUrlExpression = `={{ ${JSON.stringify(environments)}[$credentials.environment] ?? $credentials.baseUrl }}`;

/** The credential's fields as core's connection settings. */
export function connectionSettings(credentials: ICredentialDataDecryptedObject) {
  const environment = String(credentials.environment ?? '');
  return {
    environment: environment === customEnvironment ? String(credentials.baseUrl ?? '') : environment,
    clientId: String(credentials.clientId ?? ''),
    clientSecret: String(credentials.clientSecret ?? ''),
    hostname: String(credentials.hostname ?? ''),
  };
}
