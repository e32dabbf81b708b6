import { connectionFields, connectionFromFields, defaultThrottle, environments } from '@workspan-kit/core';
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { shownWhen } from './form-names';

/** The credential form: core's connection fields, plus this host's call budget per process. */
export const connectionProperties: INodeProperties[] = [
  ...connectionFields.map(
    (field): INodeProperties => ({
      displayName: field.label,
      name: field.name,
      type: field.kind,
      default: field.default ?? '',
      description: field.description,
      ...(field.required ? { required: true } : {}),
      ...(field.choices
        ? {
            options: field.choices.map((choice) => ({
              name: choice.label,
              value: choice.value,
              description: choice.description,
            })),
          }
        : {}),
      ...(field.secret || field.multiline
        ? {
            typeOptions: {
              ...(field.secret ? { password: true } : {}),
              ...(field.multiline ? { rows: 3 } : {}),
            },
          }
        : {}),
      ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      ...(field.visibleWhen ? { displayOptions: { show: shownWhen(field.visibleWhen) } } : {}),
    }),
  ),
  {
    displayName: 'Calls per Minute',
    name: 'callsPerMinute',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: defaultThrottle.limit,
    description: `How many calls this credential may make per 60 seconds in this n8n process. WorkSpan allows ${defaultThrottle.limit} per connection; several n8n workers on one connection each need a share of it.`,
  },
];

/** The display name of a credential field, for messages that point at it. */
export const credentialFieldName = (name: string) =>
  connectionProperties.find((property) => property.name === name)?.displayName ?? name;

/** The API base URL of the credential, as an n8n expression (for the credential test request). */
export const baseUrlExpression = `={{ ${JSON.stringify(environments)}[$credentials.environment] ?? $credentials.baseUrl }}`;

/** The credential's fields as core's connection settings. */
export function connectionSettings(credentials: ICredentialDataDecryptedObject) {
  return connectionFromFields(credentials);
}
