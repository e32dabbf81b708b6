import { readFileSync } from 'node:fs';
import type {
  ClientEvent,
  OperationId,
  Transport,
  TransportRequest,
  TransportResponse,
} from '@workspan-kit/core';
import { portalOperations } from '@workspan-kit/core/internal';
import { createUndiciTransport } from '@workspan-kit/core/node';
import {
  loadDefinition,
  type RequestParts,
  type ValidationResult,
  validateAgainstDefinition,
} from '@workspan-kit/sandbox';

/**
 * The contract check: a transport that records every request the client sends (the token call
 * aside), works out which operation of the connector definition it is, and checks it with the
 * sandbox's `validateAgainstDefinition`. The operation comes from the client's own `request` event;
 * the wire path must also be one the connector's gateway routes that operation to
 * (`reference/apiProperties.json`), so a request sent to the wrong place is caught too.
 */

type Json = Record<string, unknown>;

interface Route {
  operationId: string;
  method: string;
  /** Path as the definition names it. */
  path: string;
  /** Path the gateway sends it to (routing policies); `path` when not routed. */
  routedPath: string;
  pattern: RegExp;
  parameterNames: string[];
  consumes: string[];
}

export interface RecordedRequest {
  /** What the client said it was calling; undefined for raw requests (then found by routing). */
  clientOperationId: string | undefined;
  /** The operation the request was checked as. */
  operationId: string | undefined;
  method: string;
  path: string;
  /** Operations the gateway delivers to this method + path (and content type). */
  routedFrom: string[];
  parts: RequestParts;
  result: ValidationResult | undefined;
  /** Everything wrong with the request; empty when it matches the definition. */
  problems: string[];
  status?: number;
  requestId?: string | undefined;
  /** The answer's body as text. */
  responseBody?: string;
}

const referenceDirectory = new URL('../../../../reference/', import.meta.url);

function loadRoutes(): Route[] {
  const definition = loadDefinition();
  const properties = JSON.parse(readFileSync(new URL('apiProperties.json', referenceDirectory), 'utf8')) as {
    properties: { policyTemplateInstances: { templateId: string; parameters: Json }[] };
  };
  const routedTo = new Map<string, string>();
  for (const policy of properties.properties.policyTemplateInstances) {
    if (policy.templateId !== 'routerequesttoendpoint') continue;
    const newPath = policy.parameters['x-ms-apimTemplateParameter.newPath'] as string;
    for (const operationId of policy.parameters['x-ms-apimTemplate-operationName'] as string[])
      routedTo.set(operationId, newPath);
  }
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(definition.paths as Record<string, Json>)) {
    for (const [method, value] of Object.entries(item)) {
      const operation = value as Json;
      if (typeof operation?.operationId !== 'string') continue;
      const routedPath = routedTo.get(operation.operationId) ?? path;
      const parameterNames: string[] = [];
      const source = routedPath
        .split(/(\{[^}]+\})/)
        .map((segment) => {
          const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
          if (name === undefined) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          parameterNames.push(name);
          return '([^/]+)';
        })
        .join('');
      routes.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        routedPath,
        pattern: new RegExp(`^${source}/?$`),
        parameterNames,
        consumes: (operation.consumes as string[] | undefined) ?? [],
      });
    }
  }
  return routes;
}

const routes = loadRoutes();

/** Every operationId of the definition. */
export const definitionOperationIds = [...new Set(routes.map((route) => route.operationId))].sort();

const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** The operations the gateway delivers to `method path`, narrowed by the request's content type. */
export function routesFor(method: string, path: string, contentType: string | undefined): Route[] {
  const matching = routes.filter((route) => route.method === method && route.pattern.test(path));
  const multipart = mediaType(contentType) === 'multipart/form-data';
  const byType = matching.filter((route) =>
    multipart
      ? route.consumes.includes('multipart/form-data')
      : !(route.consumes.length > 0 && route.consumes.every((type) => type === 'multipart/form-data')),
  );
  return byType;
}

function pathParameters(route: Route, path: string): Record<string, string> {
  const match = route.pattern.exec(path);
  const values: Record<string, string> = {};
  route.parameterNames.forEach((name, index) => {
    values[name] = decodeURIComponent(match?.[index + 1] ?? '');
  });
  return values;
}

function queryParameters(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

/** Whether a multipart body holds a file part named `file`. */
function multipartHasFile(body: Uint8Array, contentType: string): boolean {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) return false;
  const text = Buffer.from(body).toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1)
    .some((part) => {
      const head = part.split('\r\n\r\n')[0] ?? '';
      const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
      return /\bname="file"/i.test(disposition) && /\bfilename="[^"]*"/i.test(disposition);
    });
}

function toBytes(chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
}

export interface DefinitionRecorder {
  /** Pass as the client's transport. */
  transport: Transport;
  /** Pass as the client's onEvent (it learns the operationId of each request from it). */
  onEvent: (event: ClientEvent) => void;
  readonly records: readonly RecordedRequest[];
  /** `operationId METHOD path: problem` for every problem found so far. */
  problems(): string[];
  /** Operations seen so far, sorted. */
  operationIds(): string[];
  /** How many requests (the token call included) went through the transport. */
  readonly requestCount: number;
  /** `operationId METHOD path` of each developer-portal call (not in the definition, so not checked). */
  readonly portalCalls: readonly string[];
  close(): Promise<void>;
}

/** A recording, checking transport around core's default (undici) transport. */
export function createDefinitionRecorder(): DefinitionRecorder {
  const inner = createUndiciTransport();
  const records: RecordedRequest[] = [];
  let pending: { operationId: string; method: string; path: string } | undefined;
  let requestCount = 0;
  const portalCalls: string[] = [];

  const onEvent = (event: ClientEvent) => {
    // The client emits `request` and calls the transport in the same tick, so this pairs them.
    if (event.type === 'request')
      pending = { operationId: event.operationId, method: event.method, path: event.path };
  };

  const transport: Transport = async (request: TransportRequest): Promise<TransportResponse> => {
    requestCount++;
    const url = new URL(request.url);
    if (url.pathname === '/oauth/token') return inner(request);
    const announced = pending;
    pending = undefined;
    // The developer portal's calls are not in the connector's definition: recorded, not checked.
    if (announced && Object.hasOwn(portalOperations, announced.operationId)) {
      portalCalls.push(`${announced.operationId} ${request.method} ${url.pathname}`);
      return inner(request);
    }

    const chunks: Uint8Array[] = [];
    let body = request.body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      const source = body;
      body = (async function* tee() {
        for await (const chunk of source) {
          chunks.push(chunk);
          yield chunk;
        }
      })();
    } else if (body !== undefined) {
      chunks.push(typeof body === 'string' ? new TextEncoder().encode(body) : body);
    }

    let response: TransportResponse | undefined;
    try {
      response = await inner({ ...request, ...(body === undefined ? {} : { body }) });
      return response;
    } finally {
      records.push(
        check(request, url, announced, request.body === undefined ? undefined : toBytes(chunks), response),
      );
    }
  };

  return {
    transport,
    onEvent,
    get records() {
      return records;
    },
    get requestCount() {
      return requestCount;
    },
    get portalCalls() {
      return portalCalls;
    },
    problems: () =>
      records.flatMap((record) =>
        record.problems.map(
          (problem) => `${record.operationId ?? '(unknown)'} ${record.method} ${record.path}: ${problem}`,
        ),
      ),
    operationIds: () =>
      [...new Set(records.map((record) => record.operationId).filter((id) => id !== undefined))].sort(),
    close: () => inner.close(),
  };
}

function check(
  request: TransportRequest,
  url: URL,
  announced: { operationId: string; method: string; path: string } | undefined,
  body: Uint8Array | undefined,
  response: TransportResponse | undefined,
): RecordedRequest {
  const problems: string[] = [];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
  }
  const contentType = headers['content-type'];
  const method = request.method.toUpperCase();
  const candidates = routesFor(method, url.pathname, contentType);
  const routedFrom = candidates.map((route) => route.operationId);

  if (announced && (announced.method !== method || announced.path !== url.pathname)) {
    problems.push(
      `the client announced ${announced.operationId} ${announced.method} ${announced.path} but sent ${method} ${url.pathname}`,
    );
  }
  let operationId = announced?.operationId;
  if (operationId === undefined) {
    if (candidates.length === 1) operationId = candidates[0]?.operationId;
    else
      problems.push(`cannot tell the operation: ${routedFrom.join(', ') || 'no operation'} is routed here`);
  } else if (!routedFrom.includes(operationId)) {
    problems.push(
      `${operationId} is not routed to ${method} ${url.pathname} (${contentType ?? 'no content type'}); the gateway sends ${routedFrom.join(', ') || 'no operation'} there`,
    );
  }

  const parts: RequestParts = { query: queryParameters(url.searchParams), headers };
  const route = candidates.find((candidate) => candidate.operationId === operationId);
  parts.path = route ? pathParameters(route, url.pathname) : {};
  const type = mediaType(contentType);
  if (body !== undefined) {
    if (type === 'multipart/form-data') {
      parts.hasFile = multipartHasFile(body, contentType ?? '');
    } else if (type === 'application/json') {
      const text = new TextDecoder().decode(body);
      try {
        parts.body = JSON.parse(text);
      } catch {
        problems.push('the body is declared application/json but is not JSON');
      }
    } else {
      parts.body = new TextDecoder().decode(body);
    }
  }

  let result: ValidationResult | undefined;
  if (operationId !== undefined) {
    result = validateAgainstDefinition(operationId, parts);
    if (!result.valid) problems.push(result.message);
  }
  return {
    clientOperationId: announced?.operationId,
    operationId: operationId as OperationId | undefined,
    method,
    path: url.pathname,
    routedFrom,
    parts,
    result,
    problems,
    ...(response
      ? { status: response.status, requestId: response.headers['x-request-id'], responseBody: response.body }
      : {}),
  };
}
