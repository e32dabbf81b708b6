import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { mediaType } from '../shared/util.js';

/**
 * The contract oracle: checks requests against WorkSpan's own connector definition
 * (`reference/apiDefinition.swagger.json`, vendored into `dist/` at build time).
 */

export const definitionFileName = 'apiDefinition.swagger.json';

type Json = Record<string, unknown>;

export interface SwaggerParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'formData' | 'body';
  required?: boolean;
  type?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  schema?: Json;
}

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  consumes: string[];
  /** Media types a body may have: `consumes` plus the enum of the Content-Type header parameter (lower case). */
  acceptedContentTypes: string[];
  parameters: SwaggerParameter[];
}

export interface RequestParts {
  query?: Record<string, unknown>;
  path?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  /** Whether the multipart request carried the `file` part; undefined skips the formData check. */
  hasFile?: boolean;
}

export interface ValidationIssue {
  location: 'query' | 'path' | 'header' | 'formData' | 'body';
  name: string;
  message: string;
}

export interface ValidationSuccess {
  valid: true;
  /** Declared query parameters, converted to their declared types, defaults applied. */
  query: Record<string, unknown>;
  path: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export interface ValidationFailure {
  valid: false;
  /** One sentence naming every parameter or field that is wrong and what was expected. */
  message: string;
  issues: ValidationIssue[];
}

export type ValidationResult = ValidationSuccess | ValidationFailure;

/** Candidate locations of the definition: next to the bundle, then the monorepo's `reference/`. */
function definitionCandidates(): string[] {
  const relative = [
    `./${definitionFileName}`,
    `../${definitionFileName}`,
    `../../reference/${definitionFileName}`,
    `../../../reference/${definitionFileName}`,
    `../../../../reference/${definitionFileName}`,
  ];
  return relative.map((path) => fileURLToPath(new URL(path, import.meta.url)));
}

/** Finds and reads the vendored Swagger definition. */
export function loadDefinition(file?: string): Json {
  const candidates = file ? [file] : definitionCandidates();
  for (const candidate of candidates) {
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as Json;
  }
  throw new Error(`cannot find ${definitionFileName} (looked in ${candidates.join(', ')})`);
}

const ignoredKeys = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs']);

/** Swagger 2.0 schema → plain JSON Schema: drops `x-*` and annotation keys, rewrites `$ref`s. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Json = {};
  const source = schema as Json;
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-') || ignoredKeys.has(key)) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith('#/definitions/') ? `swagger#${value.slice(1)}` : value;
    } else if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
      const map: Json = {};
      for (const [name, sub] of Object.entries((value as Json) ?? {})) map[name] = toJsonSchema(sub);
      out[key] = map;
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      // draft-04 booleans → draft-07 numbers
      if (value === true) {
        const bound = key === 'exclusiveMinimum' ? source.minimum : source.maximum;
        if (typeof bound === 'number') out[key] = bound;
      } else if (typeof value === 'number') out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (source.exclusiveMinimum === true) delete out.minimum;
  if (source.exclusiveMaximum === true) delete out.maximum;
  return out;
}

function collectFormats(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else collectFormats(value, into);
    }
  }
}

const dateTimePattern = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

const formatCheckers: Record<string, (value: unknown) => boolean> = {
  int32: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647,
  int64: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  'date-time': (v) => typeof v === 'string' && dateTimePattern.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
};

const quote = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

function describeAjvError(error: ErrorObject, bodyName: string): ValidationIssue {
  const pointer = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const fieldPath = pointer.reduce<string>(
    (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    '',
  );
  const field = (name: string) => (name ? `body field '${name}'` : `body '${bodyName}'`);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const full = fieldPath ? `${fieldPath}.${missing}` : missing;
      return { location: 'body', name: full, message: `body field '${full}' is required` };
    }
    case 'type':
      return {
        location: 'body',
        name: fieldPath,
        message: `${field(fieldPath)} must be of type ${params.type}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(quote).join(', ');
      return { location: 'body', name: fieldPath, message: `${field(fieldPath)} must be one of ${allowed}` };
    }
    case 'format':
      return {
        location: 'body',
        name: fieldPath,
        message: `${field(fieldPath)} must have format ${params.format}`,
      };
    default:
      return {
        location: 'body',
        name: fieldPath,
        message: `${field(fieldPath)} ${error.message ?? 'is invalid'}`,
      };
  }
}

/** Converts a query/path/header string to the parameter's declared type. */
function coerce(parameter: SwaggerParameter, raw: unknown): { value?: unknown; error?: string } {
  const where = parameter.in === 'formData' ? 'formData' : parameter.in;
  const label = `${where} parameter '${parameter.name}'`;
  if (Array.isArray(raw)) {
    if (parameter.type === 'array') return { value: raw };
    return { error: `${label} must be given once` };
  }
  const text = String(raw);
  let value: unknown = text;
  switch (parameter.type) {
    case 'integer':
      if (!/^-?\d+$/.test(text.trim())) return { error: `${label} must be an integer (got ${quote(text)})` };
      value = Number(text.trim());
      break;
    case 'number': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n))
        return { error: `${label} must be a number (got ${quote(text)})` };
      value = n;
      break;
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false')
        return { error: `${label} must be true or false (got ${quote(text)})` };
      value = lower === 'true';
      break;
    }
    case 'array':
      value = text.split(',');
      break;
    default:
      break;
  }
  if (parameter.format && typeof value === 'number') {
    const check = formatCheckers[parameter.format];
    const article = /^[aeiou]/i.test(parameter.format) ? 'an' : 'a';
    if (check && !check(value)) {
      return { error: `${label} must be ${article} ${parameter.format} (got ${quote(text)})` };
    }
  }
  if (typeof parameter.minimum === 'number' && typeof value === 'number' && value < parameter.minimum) {
    return { error: `${label} must be >= ${parameter.minimum}` };
  }
  if (typeof parameter.maximum === 'number' && typeof value === 'number' && value > parameter.maximum) {
    return { error: `${label} must be <= ${parameter.maximum}` };
  }
  return { value };
}

const isContentTypeHeader = (parameter: SwaggerParameter): boolean =>
  parameter.in === 'header' && parameter.name.toLowerCase() === 'content-type';

export class DefinitionValidator {
  readonly definition: Json;
  private readonly operations = new Map<string, OperationInfo>();
  private readonly ajv: Ajv;
  private readonly bodyValidators = new Map<string, ValidateFunction | null>();

  constructor(definition: Json = loadDefinition()) {
    this.definition = definition;
    const paths = (definition.paths ?? {}) as Record<string, Json>;
    const globalConsumes = (definition.consumes as string[] | undefined) ?? [];
    for (const [path, item] of Object.entries(paths)) {
      const shared = (item.parameters as SwaggerParameter[] | undefined) ?? [];
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
        const operation = item[method] as Json | undefined;
        if (!operation || typeof operation.operationId !== 'string') continue;
        const own = (operation.parameters as SwaggerParameter[] | undefined) ?? [];
        const merged = [
          ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
          ...own,
        ];
        const consumes = (operation.consumes as string[] | undefined) ?? globalConsumes;
        const contentTypeEnum = merged.find(isContentTypeHeader)?.enum ?? [];
        this.operations.set(operation.operationId, {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          consumes,
          acceptedContentTypes: [
            ...new Set([...consumes, ...contentTypeEnum.map((v) => String(v).toLowerCase())]),
          ],
          parameters: merged,
        });
      }
    }
    this.ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
    const formats = new Set<string>();
    collectFormats(definition, formats);
    for (const format of formats) {
      const check = formatCheckers[format];
      if (!check) this.ajv.addFormat(format, true);
      else if (format === 'int32' || format === 'int64') {
        this.ajv.addFormat(format, { type: 'number', validate: (v: number) => check(v) });
      } else this.ajv.addFormat(format, { type: 'string', validate: (v: string) => check(v) });
    }
    this.ajv.addSchema(
      { $id: 'swagger', definitions: toJsonSchema(definition.definitions ?? {}) } as Json,
      'swagger',
    );
  }

  /** Every operation of the definition. */
  listOperations(): OperationInfo[] {
    return [...this.operations.values()];
  }

  getOperation(operationId: string): OperationInfo | undefined {
    return this.operations.get(operationId);
  }

  private bodyValidator(operation: OperationInfo): ValidateFunction | null {
    if (this.bodyValidators.has(operation.operationId))
      return this.bodyValidators.get(operation.operationId) ?? null;
    const bodyParameter = operation.parameters.find((p) => p.in === 'body');
    let validator: ValidateFunction | null = null;
    if (bodyParameter?.schema && Object.keys(bodyParameter.schema).length > 0) {
      validator = this.ajv.compile(toJsonSchema(bodyParameter.schema) as Json);
    }
    this.bodyValidators.set(operation.operationId, validator);
    return validator;
  }

  validate(operationId: string, parts: RequestParts): ValidationResult {
    const operation = this.operations.get(operationId);
    if (!operation) throw new Error(`unknown operationId ${operationId}`);
    const issues: ValidationIssue[] = [];
    const out = {
      query: {} as Record<string, unknown>,
      path: {} as Record<string, unknown>,
      headers: {} as Json,
    };
    const lowerHeaders: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(parts.headers ?? {})) lowerHeaders[name.toLowerCase()] = value;

    for (const parameter of operation.parameters) {
      if (parameter.in === 'body') {
        const body = parts.body;
        if (body === undefined) {
          if (parameter.required) {
            issues.push({
              location: 'body',
              name: parameter.name,
              message: `body '${parameter.name}' is required`,
            });
          }
          continue;
        }
        const validator = this.bodyValidator(operation);
        if (validator && !validator(body)) {
          for (const error of validator.errors ?? []) issues.push(describeAjvError(error, parameter.name));
        }
        continue;
      }
      if (parameter.in === 'formData') {
        if (parameter.type === 'file') {
          if (parameter.required && parts.hasFile === false) {
            issues.push({
              location: 'formData',
              name: parameter.name,
              message: `formData parameter '${parameter.name}' is required (a file part named '${parameter.name}')`,
            });
          }
        }
        continue;
      }
      const source =
        parameter.in === 'query' ? parts.query : parameter.in === 'path' ? parts.path : lowerHeaders;
      const key = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
      const raw = source?.[key];
      const target = parameter.in === 'header' ? out.headers : out[parameter.in];
      const label = `${parameter.in} parameter '${parameter.name}'`;
      if (raw === undefined || raw === null || (raw === '' && parameter.in === 'path')) {
        if (parameter.required || parameter.in === 'path') {
          issues.push({ location: parameter.in, name: parameter.name, message: `${label} is required` });
        } else if (parameter.default !== undefined) {
          target[parameter.name] = parameter.default;
        }
        continue;
      }
      const { value, error } = coerce(parameter, raw);
      if (error) {
        issues.push({ location: parameter.in, name: parameter.name, message: error });
        continue;
      }
      if (parameter.enum) {
        const isContentType = isContentTypeHeader(parameter);
        const candidate = isContentType ? mediaType(value) : value;
        const allowed = isContentType ? operation.acceptedContentTypes : parameter.enum;
        if (!allowed.some((v) => v === candidate)) {
          issues.push({
            location: parameter.in,
            name: parameter.name,
            message: `${label} must be one of ${allowed.map(quote).join(', ')} (got ${quote(candidate)})`,
          });
          continue;
        }
      }
      target[parameter.name] = value;
    }

    if (issues.length > 0) {
      const messages = [...new Set(issues.map((i) => i.message))];
      return { valid: false, issues, message: `${messages.join('; ')}.` };
    }
    return { valid: true, query: out.query, path: out.path, headers: out.headers };
  }
}

let shared: DefinitionValidator | undefined;

/** The validator over the vendored definition (loaded once). */
export function getDefinitionValidator(): DefinitionValidator {
  shared ??= new DefinitionValidator();
  return shared;
}

/**
 * Checks one request against the operation `operationId` of WorkSpan's connector definition:
 * required query/path/header/formData parameters, their types and enums, and the body schema.
 */
export function validateAgainstDefinition(operationId: string, parts: RequestParts): ValidationResult {
  return getDefinitionValidator().validate(operationId, parts);
}
