import { type AnyOperation, runOptionFields } from '@workspan-kit/core';
import type { INodeProperties } from 'n8n-workflow';
import { batchingProperty } from './batching';
import { fieldProperties } from './field-properties';
import { formFields, hostParameters, shownWhen } from './form-names';

/** Core's run options of an operation (Return All / Limit, waiting for a bulk load), as n8n parameters. */
function runOptionProperties(operation: AnyOperation): INodeProperties[] {
  return runOptionFields(operation).map((option) => ({
    displayName: option.label,
    name: option.name,
    type: option.kind,
    default: option.default,
    description: option.description,
    ...(option.minimum === undefined ? {} : { typeOptions: { minValue: option.minimum } }),
    ...(option.visibleWhen ? { displayOptions: { show: shownWhen(option.visibleWhen) } } : {}),
  }));
}

/** Inside a collection a field is never required, and its conditions name root parameters (`/name`). */
function fromCollection(given: INodeProperties): INodeProperties {
  const property = { ...given };
  delete property.required;
  const show = property.displayOptions?.show;
  if (!show) return property;
  return {
    ...property,
    displayOptions: {
      show: Object.fromEntries(Object.entries(show).map(([key, values]) => [`/${key}`, values])),
    },
  };
}

/**
 * An operation's parameters: the main fields, then the advanced ones in an Options collection,
 * then what core's declared behaviours add (Return All / Limit, waiting for a bulk load).
 */
export function operationProperties(
  operation: AnyOperation,
  show: Record<string, string[]>,
): INodeProperties[] {
  const main: INodeProperties[] = [];
  const advanced: INodeProperties[] = [];
  for (const [name, field] of formFields(operation)) {
    const properties = fieldProperties(operation, name, field).map((property) =>
      field.visibleWhen
        ? {
            ...property,
            displayOptions: { show: { ...property.displayOptions?.show, ...shownWhen(field.visibleWhen) } },
          }
        : property,
    );
    if (field.advanced) advanced.push(...properties.map(fromCollection));
    else main.push(...properties);
  }
  main.push(...runOptionProperties(operation));
  advanced.push(batchingProperty);
  const withShow = (property: INodeProperties): INodeProperties => ({
    ...property,
    displayOptions: { show: { ...show, ...property.displayOptions?.show } },
  });
  const properties = main.map(withShow);
  properties.push(
    withShow({
      displayName: 'Options',
      name: hostParameters.options,
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: advanced,
    }),
  );
  return properties;
}
