import { extname } from 'node:path';
import {
  type AnyOperation,
  describeField,
  type FieldDefinition,
  FieldTextError,
  valueFromText,
  type WorkSpanValidationError,
} from '@workspan-kit/core';
import { parse as parseYaml } from 'yaml';
import type { ActionOperation, InputSpec } from './action-spec.js';
import { InputError } from './input-error.js';
import { workspacePath } from './workspace-path.js';

const formatsByExtension: Record<string, string> = { '.csv': 'csv', '.json': 'json', '.xlsx': 'xlsx' };

/** Turns the given inputs into the catalogue operation's input (and the trigger's callback URL, a secret). */
export function buildOperationInput(
  operation: ActionOperation,
  catalogueOperation: AnyOperation,
  given: Map<string, string>,
  env: NodeJS.ProcessEnv,
): { input: Record<string, unknown>; callbackUrl: string | undefined } {
  const input: Record<string, unknown> = {};
  const relay: Record<string, string> = {};
  for (const spec of operation.inputs) {
    const text = given.get(spec.name);
    if (text === undefined) continue;
    const { binding } = spec;
    if (binding.type === 'relay') relay[binding.part] = text.trim();
    if (binding.type !== 'field') continue;
    input[binding.field] = fieldValue(spec, binding.definition, text, env, operation.id);
  }
  const callbackField = Object.entries(catalogueOperation.fields as Record<string, FieldDefinition>).find(
    ([, definition]) => definition.role === 'callbackUrl',
  );
  const callbackUrl = callbackField ? relayCallbackUrl(relay, operation.id) : undefined;
  if (callbackField) input[callbackField[0]] = callbackUrl;
  inferFileFormat(catalogueOperation, operation, input, given);
  return { input, callbackUrl };
}

function fieldValue(
  spec: InputSpec,
  definition: FieldDefinition,
  text: string,
  env: NodeJS.ProcessEnv,
  operationId: string,
): unknown {
  const { kind } = describeField(definition);
  if (kind === 'file') return { path: workspacePath(spec.name, text, env, { mustExist: true, operationId }) };
  if (kind === 'reportFilters' || kind === 'json') {
    // YAML is a superset of JSON, and reads better in a workflow file.
    try {
      return parseYaml(text);
    } catch (error) {
      throw new InputError(
        spec.name,
        `JSON or YAML text (${(error as Error).message.split('\n')[0]})`,
        operationId,
      );
    }
  }
  try {
    return valueFromText(definition, text);
  } catch (error) {
    if (error instanceof FieldTextError) throw new InputError(spec.name, error.expected, operationId);
    throw error;
  }
}

/** The callback URL a trigger subscribes with: the relay route, its secret in the path. */
function relayCallbackUrl(relay: Record<string, string>, operationId: string): string {
  const { url, route, token } = relay;
  if (!url)
    throw new InputError('relay-url', 'the public base URL of the dispatch relay (required)', operationId);
  if (!route || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(route))
    throw new InputError(
      'relay-route',
      'a relay route name: letters, digits, - and _ (required)',
      operationId,
    );
  if (!token || token.length < 32)
    throw new InputError(
      'relay-token',
      "the route's secret token, at least 32 characters (required)",
      operationId,
    );
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new InputError('relay-url', `an absolute http(s) URL; got "${url}"`, operationId);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new InputError('relay-url', `an absolute http(s) URL; got "${url}"`, operationId);
  return `${url.replace(/\/+$/, '')}/hooks/${encodeURIComponent(route)}/${encodeURIComponent(token)}`;
}

/** An uploaded file's format follows its name unless the format input is given. */
function inferFileFormat(
  catalogueOperation: AnyOperation,
  operation: ActionOperation,
  input: Record<string, unknown>,
  given: Map<string, string>,
): void {
  const formatField = catalogueOperation.http.formatField;
  const file = input.file as { path: string } | undefined;
  if (!formatField || !file || catalogueOperation.http.body !== 'multipart') return;
  const formatInput = operation.inputs.find(
    (spec) => spec.binding.type === 'field' && spec.binding.field === formatField,
  );
  if (!formatInput || given.has(formatInput.name)) return;
  const format = formatsByExtension[extname(file.path).toLowerCase()];
  if (!format)
    throw new InputError(
      'file',
      `a .xlsx, .csv or .json file name, or the format in "${formatInput.name}"`,
      operation.id,
    );
  input[formatField] = format;
}

/** Core's validation issues, renamed into this action's input names. */
export function renameValidationError(
  error: WorkSpanValidationError,
  operation: ActionOperation,
): InputError {
  const issue = error.issues[0] ?? { field: 'input', expected: 'a valid value' };
  const [fieldName = '', rest = ''] = /^([^.[]+)(.*)$/.exec(issue.field)?.slice(1) ?? [];
  const spec = operation.inputs.find(
    (candidate) =>
      (candidate.binding.type === 'field' && candidate.binding.field === fieldName) ||
      (candidate.binding.type === 'connection' && candidate.binding.setting === fieldName),
  );
  let name = spec?.name ?? fieldName;
  if (fieldName === 'callbackUrl') name = 'relay-url';
  const detail = rest ? ` (at ${rest.replace(/^\./, '')})` : '';
  const more = error.issues.length > 1 ? `; ${error.issues.length - 1} more problem(s) after this one` : '';
  return new InputError(`${name}`, `${issue.expected}${detail}${more}`, operation.id);
}
