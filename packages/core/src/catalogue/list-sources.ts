import type { ListSource } from './field.js';

/** Where a host reads a choose-from-a-list field's choices: the connector's `x-ms-dynamic-values`. */
export interface ListSourceDefinition {
  /** The internal operation that returns the list. */
  operation: 'GetIntegrationList' | 'GetEventList' | 'GetReportList';
  /** The answer's array (`value-collection`). */
  collection: string;
  /** Each item's value (`value-path`). */
  valuePath: string;
  /** Each item's display name (`value-title`). */
  titlePath: string;
  /** Each item's longer text, when there is one. */
  descriptionPath?: string;
  /**
   * False for a list the connector does not declare (reports have no `x-ms-dynamic-values`; the
   * project offers the report list from GetReportList because a report id is hard to type).
   */
  declaredByConnector: boolean;
}

export const listSources: Record<ListSource, ListSourceDefinition> = {
  integrations: {
    operation: 'GetIntegrationList',
    collection: 'integrations',
    valuePath: 'integration_id',
    titlePath: 'name',
    descriptionPath: 'description',
    declaredByConnector: true,
  },
  events: {
    operation: 'GetEventList',
    collection: 'events',
    valuePath: 'name',
    titlePath: 'description',
    declaredByConnector: true,
  },
  reports: {
    operation: 'GetReportList',
    collection: 'results',
    valuePath: 'id',
    titlePath: 'name',
    descriptionPath: 'description',
    declaredByConnector: false,
  },
};
