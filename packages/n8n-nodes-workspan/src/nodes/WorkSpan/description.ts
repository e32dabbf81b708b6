import type { AnyOperation } from '@workspan-kit/core';
import { type INodeProperties, type INodeTypeDescription, NodeConnectionTypes } from 'n8n-workflow';
import { allOperations, displayName, operationProperties } from '../../shared/operation-form';

/** Every action and every internal call a user can make: all operations but the triggers. */
export const actionOperations = allOperations.filter((operation) => operation.kind !== 'trigger');

const resources = [...new Set(actionOperations.map((operation) => operation.resource))];

export function findActionOperation(resource: string, key: string): AnyOperation | undefined {
  return actionOperations.find((operation) => operation.resource === resource && operation.action === key);
}

const resourceProperty: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: resources.map((resource) => ({ name: displayName(resource), value: resource })),
  default: resources[0] ?? '',
};

const operationSelectors: INodeProperties[] = resources.map((resource) => {
  const operations = actionOperations.filter((operation) => operation.resource === resource);
  return {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: [resource] } },
    options: operations.map((operation) => ({
      name: operation.title,
      value: operation.action,
      action: operation.title,
      description: operation.description,
    })),
    default: operations[0]?.action ?? '',
  };
});

const fieldParameters = actionOperations.flatMap((operation) =>
  operationProperties(operation, { resource: [operation.resource], operation: [operation.action] }),
);

export const workSpanDescription: INodeTypeDescription = {
  displayName: 'WorkSpan',
  name: 'workSpan',
  icon: { light: 'file:../../icons/workspan.svg', dark: 'file:../../icons/workspan.dark.svg' },
  group: ['transform'],
  version: 1,
  subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
  description: `Use the WorkSpan partner-ecosystem API: ${actionOperations
    .map((operation) => operation.title.toLowerCase())
    .join('; ')}.`,
  defaults: { name: 'WorkSpan' },
  usableAsTool: true,
  inputs: [NodeConnectionTypes.Main],
  outputs: [NodeConnectionTypes.Main],
  credentials: [{ name: 'workSpanApi', required: true }],
  properties: [resourceProperty, ...operationSelectors, ...fieldParameters],
};
