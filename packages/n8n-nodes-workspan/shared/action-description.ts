import { type AnyOperation, resources } from '@workspan-kit/core';
import type { INodeProperties } from 'n8n-workflow';
import { allOperations, subtitleFor } from './form-names';
import { operationProperties } from './operation-form';

/** Every action and every internal call a user can make: all operations but the triggers. */
export const actionOperations = allOperations.filter((operation) => operation.kind !== 'trigger');

const shownResources = resources.filter((resource) =>
  actionOperations.some((operation) => operation.resource === resource.id),
);

export function findActionOperation(resource: string, key: string): AnyOperation | undefined {
  return actionOperations.find((operation) => operation.resource === resource && operation.key === key);
}

const resourceProperty: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: shownResources.map((resource) => ({
    name: resource.displayName,
    value: resource.id,
    description: resource.description,
  })),
  default: shownResources[0]?.id ?? '',
};

const operationSelectors: INodeProperties[] = shownResources.map((resource) => {
  const operations = actionOperations.filter((operation) => operation.resource === resource.id);
  return {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: [resource.id] } },
    options: operations.map((operation) => ({
      name: operation.name,
      value: operation.key,
      action: operation.actionSentence,
      description: operation.description,
    })),
    default: operations[0]?.key ?? '',
  };
});

const fieldParameters = actionOperations.flatMap((operation) =>
  operationProperties(operation, { resource: [operation.resource], operation: [operation.key] }),
);

export const workSpanSummary = `Use the WorkSpan partner-ecosystem API. ${shownResources
  .map(
    (resource) =>
      `${resource.displayName}: ${actionOperations
        .filter((operation) => operation.resource === resource.id)
        .map((operation) => operation.actionSentence.toLowerCase())
        .join('; ')}.`,
  )
  .join(' ')}`;

export const workSpanProperties: INodeProperties[] = [
  resourceProperty,
  ...operationSelectors,
  ...fieldParameters,
];

/** The canvas subtitle: the resource and operation as the form names them ("Report: Get Rows"). */
export const workSpanSubtitle = subtitleFor(
  '$parameter["resource"] + ":" + $parameter["operation"]',
  Object.fromEntries(
    actionOperations.map((operation) => [
      `${operation.resource}:${operation.key}`,
      `${shownResources.find((resource) => resource.id === operation.resource)?.displayName}: ${operation.name}`,
    ]),
  ),
);
