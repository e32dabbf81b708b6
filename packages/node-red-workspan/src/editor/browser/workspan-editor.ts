/**
 * The edit dialogs' behaviour, served to the editor from the package's `resources/`. The forms
 * themselves are generated from core's catalogue at build time; this script wires them up: typed
 * inputs, the operation switch, dropdowns filled through the package's admin endpoints, and event
 * filters checked with core's own parser.
 */
import { parseEventFilter } from '@workspan-kit/core';

interface TypedValue {
  value: string;
  type: string;
}

interface PropertySpec {
  name: string;
  kind: string;
  required: boolean;
  default: unknown;
  choices?: { value: string; label: string }[];
  listSource?: string;
}

interface OperationSpec {
  id: string;
  properties: PropertySpec[];
  startsBulkLoad: boolean;
  pages: boolean;
  pageNumberField?: string;
}

interface EditedNode {
  id: string;
  type: string;
  operation?: string;
  parameters?: Record<string, TypedValue>;
  connection?: string;
  _: (key: string, values?: Record<string, unknown>) => string;
}

// biome-ignore lint/suspicious/noExplicitAny: the editor's jQuery and RED globals are untyped
declare const $: any;
// biome-ignore lint/suspicious/noExplicitAny: the editor's jQuery and RED globals are untyped
declare const RED: any;

const contextTypes = ['msg', 'flow', 'global', 'env'];

/**
 * Node-RED's JSON type, except that an optional property left empty is valid: the built-in one
 * outlines an empty value as invalid JSON.
 */
const optionalJson = {
  value: 'json',
  label: 'JSON',
  icon: 'red/images/typedInput/json.svg',
  validate: (value: string) => {
    if (value.trim() === '') return true;
    try {
      JSON.parse(value);
      return true;
    } catch {
      return false;
    }
  },
  expand(this: { value(next?: string): string }) {
    let value = this.value();
    try {
      value = JSON.stringify(JSON.parse(value), null, 4);
    } catch {
      // shown as typed
    }
    RED.editor.editJSON({
      value,
      focus: true,
      complete: (edited: string) => {
        let compact = edited;
        try {
          compact = edited.trim() === '' ? '' : JSON.stringify(JSON.parse(edited));
        } catch {
          // kept as typed, and outlined
        }
        this.value(compact);
      },
    });
  },
};

function typesFor(property: PropertySpec, trigger: boolean): unknown[] {
  const json = property.required ? 'json' : optionalJson;
  const context = trigger ? ['env'] : contextTypes;
  const choice = (multiple: boolean) => ({
    value: 'choice',
    label: 'choose',
    options: property.choices ?? [],
    ...(multiple ? { multiple: true } : {}),
  });
  switch (property.kind) {
    case 'options':
      return [choice(false), ...context];
    case 'multiOptions':
      return [choice(true), json, ...context];
    case 'number':
      return ['num', 'str', ...context];
    case 'boolean':
      return ['bool', ...context];
    case 'stringList':
      return ['str', json, ...context];
    case 'json':
    case 'reportFilters':
      return [json, ...context];
    case 'data':
      return ['msg', 'str', json, 'flow', 'global'];
    case 'file':
      return ['msg', 'str', 'flow', 'global', 'env'];
    case 'eventFilter':
      return ['str', 'env'];
    default:
      return ['str', ...context];
  }
}

function defaultValue(property: PropertySpec): TypedValue {
  if (property.kind === 'data' || property.kind === 'file') return { value: 'payload', type: 'msg' };
  const first = typesFor(property, false)[0];
  const type = typeof first === 'string' ? first : (first as { value: string }).value;
  if (property.default === undefined) return { value: '', type };
  const value = Array.isArray(property.default) ? property.default.join(',') : String(property.default);
  return { value, type };
}

const inputId = (operation: string, property: string) => `node-input-workspan-${operation}-${property}`;

/** Returns the filter's syntax error message, or '' when it parses (or is empty). */
export function checkFilter(text: string): string {
  if (!text || text.trim() === '') return '';
  try {
    parseEventFilter(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

function validParameters(
  operations: OperationSpec[],
  node: EditedNode,
  parameters: Record<string, TypedValue>,
): boolean {
  const operation = operations.find((candidate) => candidate.id === node.operation) ?? operations[0];
  if (!operation) return false;
  for (const property of operation.properties) {
    const typed = parameters?.[property.name];
    if (property.kind === 'eventFilter' && typed?.type === 'str' && checkFilter(typed.value)) return false;
  }
  return true;
}

function connectionRequest(connectionId: string): Record<string, unknown> {
  const connection = connectionId ? RED.nodes.node(connectionId) : undefined;
  if (!connection) return { connection: connectionId };
  // A connection edited but not deployed yet is described by its dialog's values; a stored secret stays on the server.
  if (!connection.changed) return { connection: connectionId };
  const credentials = connection.credentials ?? {};
  return {
    connection: connectionId,
    environment: connection.environment,
    baseUrl: connection.baseUrl,
    hostname: connection.hostname,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret || '__PWRD__',
  };
}

function fillList(node: EditedNode, element: unknown, property: PropertySpec, status: unknown): void {
  const connectionId = $('#node-input-connection').val();
  $(status).text(node._('workspan.editor.loading'));
  $.ajax({
    url: `workspan/lists/${property.listSource}`,
    method: 'POST',
    contentType: 'application/json',
    data: JSON.stringify(connectionRequest(connectionId)),
  })
    .done((options: { value: string; label: string }[]) => {
      const current = $(element).typedInput('value');
      // typedInput has no getter for its types: the dialog keeps them on the element.
      const others = (($(element).data('workspan-types') as unknown[]) ?? []).filter(
        (type) => !(typeof type === 'object' && (type as { value: string }).value === 'list'),
      );
      const types = [{ value: 'list', label: 'list', options }, ...others];
      $(element).data('workspan-types', types);
      $(element).typedInput('types', types);
      $(element).typedInput('type', 'list');
      if (options.some((option) => option.value === current)) $(element).typedInput('value', current);
      $(status).text(node._('workspan.editor.loaded', { count: options.length }));
    })
    .fail((request: { responseJSON?: { error?: string }; statusText?: string }) => {
      $(status).text(request.responseJSON?.error ?? request.statusText ?? 'failed');
    });
}

function prepare(node: EditedNode, operations: OperationSpec[], trigger: boolean): void {
  const parameters = node.parameters ?? {};
  for (const operation of operations) {
    for (const property of operation.properties) {
      const element = $(`#${inputId(operation.id, property.name)}`);
      const typed = node.operation === operation.id || trigger ? parameters[property.name] : undefined;
      const start = typed ?? defaultValue(property);
      const types = typesFor(property, trigger);
      if (property.listSource)
        types.unshift({ value: 'list', label: 'list', options: start.value ? [start.value] : [] });
      element.val(start.value);
      element.data('workspan-types', types);
      element.typedInput({ default: start.type === 'list' ? 'list' : start.type, types });
      element.typedInput('type', start.type);
      element.typedInput('value', start.value);
      if (property.listSource) {
        const status = $(`#${inputId(operation.id, property.name)}-status`);
        $(`#${inputId(operation.id, property.name)}-refresh`).on('click', () =>
          fillList(node, element, property, status),
        );
      }
      if (property.kind === 'eventFilter') {
        const message = $(`#${inputId(operation.id, property.name)}-error`);
        const show = () =>
          message.text(element.typedInput('type') === 'str' ? checkFilter(element.typedInput('value')) : '');
        element.on('change', show);
        show();
      }
    }
  }
  const select = $('#node-input-operation');
  const show = () => {
    const chosen = operations.find((operation) => operation.id === select.val()) ?? operations[0];
    $('.workspan-operation').hide();
    $(`.workspan-operation[data-operation="${chosen?.id}"]`).show();
    $('.workspan-bulk-load-options').toggle(Boolean(chosen?.startsBulkLoad));
    $('.workspan-paging-options').toggle(Boolean(chosen?.pages));
  };
  select.on('change', show);
  show();
  // Run options shown only when another one has a given value (core's `visibleWhen`).
  $('.workspan-run-option[data-visible-when]').each((_index: number, element: unknown) => {
    const when = JSON.parse($(element).attr('data-visible-when')) as Record<string, unknown[]>;
    const toggle = () =>
      $(element).toggle(
        Object.entries(when).every(([name, values]) =>
          values.includes($(`#node-input-${name}`).is(':checked')),
        ),
      );
    for (const name of Object.keys(when)) $(`#node-input-${name}`).on('change', toggle);
    toggle();
  });
  const paging = $('#node-input-paging');
  paging.on('change', () => {
    $('.workspan-limit-row').toggle(paging.val() === 'limit');
    // The page number is read only when one page is; Return All and a limit read from the first.
    for (const operation of operations)
      if (operation.pageNumberField)
        $(
          `.workspan-operation[data-operation="${operation.id}"] [data-property="${operation.pageNumberField}"]`,
        ).toggle(paging.val() === 'page');
  });
  paging.trigger('change');
}

function collect(operations: OperationSpec[], trigger: boolean): Record<string, TypedValue> {
  const chosen = trigger
    ? operations[0]
    : operations.find((operation) => operation.id === $('#node-input-operation').val());
  const parameters: Record<string, TypedValue> = {};
  for (const property of chosen?.properties ?? []) {
    const element = $(`#${inputId(chosen?.id ?? '', property.name)}`);
    parameters[property.name] = {
      value: String(element.typedInput('value') ?? ''),
      type: element.typedInput('type'),
    };
  }
  return parameters;
}

(globalThis as Record<string, unknown>).WorkSpanEditor = { prepare, collect, validParameters, checkFilter };
