import {
  type AnyOperation,
  describeField,
  type FieldDefinition,
  fieldNamers,
  fieldValueFromHost,
  hostIssues,
  WorkSpanValidationError,
  withFileFormat,
} from '@workspan-kit/core';
import { type ActionOperation, type InputSpec, inputNameOf } from './action-spec.js';
import { InputError } from './input-error.js';
import { workspacePath } from './workspace-path.js';

/** Turns the given inputs into the catalogue operation's input (and the trigger's callback URL, a secret). */
export async function buildOperationInput(
  operation: ActionOperation,
  catalogueOperation: AnyOperation,
  given: Map<string, string>,
  env: NodeJS.ProcessEnv,
): Promise<{ input: Record<string, unknown>; callbackUrl: string | undefined }> {
  const input: Record<string, unknown> = {};
  const relay: Record<string, string> = {};
  for (const spec of operation.inputs) {
    const text = given.get(spec.name);
    if (text === undefined) continue;
    const { binding } = spec;
    if (binding.type === 'relay') relay[binding.part] = text.trim();
    if (binding.type !== 'field') continue;
    const value = await fieldValue(spec, binding.definition, text, env, operation.id);
    if (value !== undefined) input[binding.field] = value;
  }
  const callbackField = catalogueOperation.behaviours.trigger?.callbackUrlField;
  const callbackUrl = callbackField ? relayCallbackUrl(relay, operation.id) : undefined;
  if (callbackField) input[callbackField] = callbackUrl;
  try {
    return { input: withFileFormat(catalogueOperation, input), callbackUrl };
  } catch (error) {
    if (error instanceof WorkSpanValidationError) throw renameValidationError(error, operation);
    throw error;
  }
}

async function fieldValue(
  spec: InputSpec,
  definition: FieldDefinition,
  text: string,
  env: NodeJS.ProcessEnv,
  operationId: string,
): Promise<unknown> {
  const { kind } = describeField(definition);
  if (kind === 'file') return { path: workspacePath(spec.name, text, env, { mustExist: true, operationId }) };
  if (kind === 'reportFilters' || kind === 'json') {
    // YAML is a superset of JSON, and reads better in a workflow file.
    // The bundle loads the YAML reader as CommonJS, whose functions sit on the default export.
    const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
    const parseYaml = yaml.default?.parse ?? yaml.parse;
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
  const converted = fieldValueFromHost(definition, text);
  if ('issue' in converted) throw new InputError(spec.name, converted.issue, operationId);
  return converted.value;
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
  let base: URL | undefined;
  try {
    base = new URL(url);
  } catch {
    base = undefined;
  }
  if (!base || (base.protocol !== 'https:' && base.protocol !== 'http:'))
    throw new InputError('relay-url', `an absolute http(s) URL; got "${url}"`, operationId);
  return `${url.replace(/\/+$/, '')}/hooks/${encodeURIComponent(route)}/${encodeURIComponent(token)}`;
}

/** Core's validation issues, in this action's input names. */
export function renameValidationError(
  error: WorkSpanValidationError,
  operation: ActionOperation,
): InputError {
  const catalogueOperation = operation.catalogue;
  const callbackField = catalogueOperation?.behaviours.trigger?.callbackUrlField;
  const namer = (fieldName: string) => {
    if (fieldName === callbackField) return 'relay-url';
    const definition = (catalogueOperation?.fields as Record<string, FieldDefinition> | undefined)?.[
      fieldName
    ];
    return definition ? inputNameOf(fieldName, definition) : fieldNamers.githubAction(fieldName);
  };
  const [first, ...more] = hostIssues(error, namer, catalogueOperation);
  if (!first) return new InputError('input', 'valid inputs', operation.id);
  const [name, at] = /^(\S+)(?: \((.*)\))?$/.exec(first.hostName)?.slice(1) ?? [first.hostName];
  const where = at ? ` (at ${at})` : '';
  const rest = more.length > 0 ? `; also ${more.map((issue) => issue.hostName).join(', ')}` : '';
  return new InputError(name as string, `${first.expected}${where}${rest}`, operation.id);
}
