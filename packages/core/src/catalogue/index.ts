import type { z } from 'zod';
import {
  bulkloadData,
  bulkloadDataFileAttachment,
  bulkloadOpportunity,
  bulkloadOpportunityFileAttachment,
  getBulkloadStatus,
} from './operations/bulk-load.js';
import {
  deleteSubscriber,
  getEventList,
  getEventSchema,
  getIntegrationList,
  getObjectEventSchema,
  readSubscriber,
  submitToPartnerCenterObjectEvent,
  subscribe,
  subscribeObjectEvent,
} from './operations/events.js';
import { getExternalId, objectAudit, updateExternalId } from './operations/objects.js';
import { getReportData, getReportList } from './operations/reports.js';

/** Every operation of the WorkSpan connector, keyed by its operationId. Hosts generate from this. */
export const catalogue = {
  ObjectAudit: objectAudit,
  BulkloadDataFileAttachment: bulkloadDataFileAttachment,
  BulkloadData: bulkloadData,
  BulkloadOpportunityFileAttachment: bulkloadOpportunityFileAttachment,
  BulkloadOpportunity: bulkloadOpportunity,
  UpdateExternalId: updateExternalId,
  GetExternalId: getExternalId,
  GetReportList: getReportList,
  GetBulkloadStatus: getBulkloadStatus,
  GetReportData: getReportData,
  Subscribe: subscribe,
  SubscribeObjectEvent: subscribeObjectEvent,
  SubmitToPartnerCenterObjectEvent: submitToPartnerCenterObjectEvent,
  GetEventList: getEventList,
  GetEventSchema: getEventSchema,
  GetIntegrationList: getIntegrationList,
  GetObjectEventSchema: getObjectEventSchema,
  ReadSubscriber: readSubscriber,
  DeleteSubscriber: deleteSubscriber,
} as const;

export type Catalogue = typeof catalogue;
export type OperationId = keyof Catalogue;
export type OperationInput<Id extends OperationId> = z.input<Catalogue[Id]['input']>;
export type OperationOutput<Id extends OperationId> = z.output<Catalogue[Id]['output']>;
export type AnyOperation = Catalogue[OperationId];

export const operationIds = Object.keys(catalogue) as OperationId[];

export function getOperation(id: string): AnyOperation {
  if (!Object.hasOwn(catalogue, id)) {
    throw new Error(`Unknown WorkSpan operation "${id}"; expected one of ${operationIds.join(', ')}`);
  }
  return catalogue[id as OperationId];
}

export { lengthLimits } from './common-fields.js';
export {
  type ConnectionField,
  connectionFields,
  connectionFromFields,
  customEnvironment,
  environmentFromFields,
} from './connection-fields.js';
export type {
  FieldDefinition,
  FieldFacts,
  FieldKind,
  FieldLocation,
  FieldPresentation,
  ListSource,
  VisibleWhen,
} from './field.js';
export { describeField, field, fieldJsonSchema } from './field.js';
export { type ListSourceDefinition, listSources } from './list-sources.js';
export type {
  BodyEncoding,
  BulkloadBehaviour,
  HttpMapping,
  HttpMethod,
  OperationBehaviours,
  OperationDefinition,
  OperationEffect,
  OperationKind,
  PagingBehaviour,
  PayloadSchemaSource,
  Resource,
  TriggerBehaviour,
} from './operation.js';
export { objectEventNames } from './operations/events.js';
export { reportSummarySchema } from './operations/reports.js';
export {
  type ByteSource,
  type DataSource,
  dataSourceSchema,
  type FileContentSource,
  type FilePathSource,
  type FileSource,
  fileSourceSchema,
  isAsyncIterable,
  isFilePathSource,
} from './payloads.js';
export { listSubscribers, type PortalOperationId, portalOperations } from './portal-operations.js';
export {
  parseReportDate,
  type ReportColumnType,
  type ReportFieldFilter,
  type ReportFilterContainer,
  type ReportFilterOperator,
  reportColumnTypes,
  reportFieldFilterSchema,
  reportFilterContainerSchema,
  reportFilterOperators,
  reportFilterSchema,
} from './report-filter-schema.js';
export { getResource, type ResourceDefinition, resources } from './resources.js';
