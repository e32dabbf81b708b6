import {
  type AnyOperation,
  describeField,
  type FieldDefinition,
  type FieldNamer,
  fieldNamers,
  runOptionFields,
} from '@workspan-kit/core';
import { type ActionOperation, type InputSpec, inputNameOf } from './action-spec.js';
import { InputError } from './input-error.js';
import { workspacePath } from './workspace-path.js';

/**
 * The given inputs as the catalogue operation's field values, for core's `planRun` to convert and
 * check: text as given, a file as its workspace path, JSON or YAML text read; and the trigger's
 * callback URL, a secret.
 */
export async function readFieldValues(
  operation: ActionOperation,
  catalogueOperation: AnyOperation,
  given: Map<string, string>,
  env: NodeJS.ProcessEnv,
): Promise<{ fieldValues: Record<string, unknown>; callbackUrl: string | undefined }> {
  const fieldValues: Record<string, unknown> = {};
  const relay: Record<string, string> = {};
  for (const spec of operation.inputs) {
    const text = given.get(spec.name);
    if (text === undefined) continue;
    const { binding } = spec;
    if (binding.type === 'relay') relay[binding.part] = text.trim();
    if (binding.type !== 'field') continue;
    fieldValues[binding.field] = await fieldValue(spec, binding.definition, text, env, operation.id);
  }
  const callbackField = catalogueOperation.behaviours.trigger?.callbackUrlField;
  const callbackUrl = callbackField ? relayCallbackUrl(relay, operation.id) : undefined;
  if (callbackField) fieldValues[callbackField] = callbackUrl;
  return { fieldValues, callbackUrl };
}

/**
 * The run options' values keyed by core's names: each input's text, and for an option with no
 * input of its own ("Return All"), whether none of the options used when it is off was given.
 */
export function readRunOptionValues(
  operation: ActionOperation,
  catalogueOperation: AnyOperation,
  given: Map<string, string>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const inputs = operation.inputs.flatMap((input) =>
    input.binding.type === 'runOption' ? [{ name: input.name, option: input.binding.option }] : [],
  );
  for (const option of runOptionFields(catalogueOperation)) {
    const input = inputs.find((candidate) => candidate.option.name === option.name);
    values[option.name] = input
      ? given.get(input.name)
      : !inputs.some(
          (other) => other.option.visibleWhen?.[option.name]?.[0] === false && given.has(other.name),
        );
  }
  return values;
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
  return text;
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

/** How this action names an operation's fields, run options and connection fields: its inputs. */
export function inputNamer(operation: ActionOperation | undefined): FieldNamer {
  const catalogueOperation = operation?.catalogue;
  const callbackField = catalogueOperation?.behaviours.trigger?.callbackUrlField;
  return (fieldName) => {
    if (fieldName === callbackField) return 'relay-url';
    const definition = (catalogueOperation?.fields as Record<string, FieldDefinition> | undefined)?.[
      fieldName
    ];
    return definition ? inputNameOf(fieldName, definition) : fieldNamers.githubAction(fieldName);
  };
}
