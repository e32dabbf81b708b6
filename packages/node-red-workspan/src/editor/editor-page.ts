import { choiceLabel } from '@workspan-kit/core/internal';
import { connectionFields, type RunOptionField, runDefaults } from '@workspan-kit/core/spec';
import {
  connectionNodeType,
  type NodeSpec,
  nodeRunOptions,
  nodeSpecs,
  type OperationSpec,
  type PropertySpec,
  paletteCategory,
} from '../nodes/node-specs.js';

/** The editor's HTML file: one dialog template and one registerType per node, generated from the catalogue. */

export const moduleName = '@workspan-kit/node-red-workspan';
const color = '#8FC3EA';
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const i18n = (key: string) => `<span data-i18n="workspan.${key}"></span>`;
const inputId = (operation: string, property: string) => `node-input-workspan-${operation}-${property}`;

function row(id: string, label: string, control: string, icon = 'fa fa-pencil'): string {
  return `<div class="form-row"><label for="${id}"><i class="${icon}"></i> ${label}</label>${control}</div>`;
}

/**
 * One property's row. An action node's property left blank is read from `msg`, so none is starred
 * as required and a blank one shows where it comes from (`msg.reportId`); an event node takes no
 * input, so its required properties are starred.
 */
function propertyRow(operation: OperationSpec, property: PropertySpec, trigger: boolean): string {
  const id = inputId(operation.id, property.name);
  const label = `<span data-i18n="workspan.operations.${operation.id}.fields.${property.name}.label"></span>${trigger && property.required ? ' *' : ''}`;
  const shown = property.placeholder ?? (trigger ? undefined : `msg.${property.name}`);
  const placeholder = shown ? ` placeholder="${escapeHtml(shown)}"` : '';
  let extra = '';
  if (property.listSource)
    extra = `<a id="${id}-refresh" class="red-ui-button red-ui-button-small" style="margin-left: 4px"><i class="fa fa-refresh"></i></a><div id="${id}-status" style="margin-left: 105px; font-size: 0.9em"></div>`;
  if (property.kind === 'eventFilter')
    // Pre-formatted in a fixed-width font: the parser's ^ stands under the column of the mistake.
    extra = `<div class="form-tips workspan-filter-error" id="${id}-error" style="margin-left: 105px; color: var(--red-ui-text-color-error, #d6615f); white-space: pre; overflow-x: auto; font-family: var(--red-ui-monospace-font, monospace)"></div>`;
  const help = `<div class="form-tips" style="margin-left: 105px" data-i18n="workspan.operations.${operation.id}.fields.${property.name}.description"></div>`;
  return `<div class="form-row" data-property="${property.name}"><label for="${id}" title="msg.${property.name}">${label}</label><input type="text" id="${id}" style="width: 65%"${placeholder}>${extra}${help}</div>`;
}

/** One run option's row, labelled from core's `runOptionFields`; shown only when its `visibleWhen` holds. */
function runOptionRow(option: RunOptionField): string {
  const id = `node-input-${option.name}`;
  const control =
    option.kind === 'boolean'
      ? `<input type="checkbox" id="${id}" style="width: auto">`
      : `<input type="text" id="${id}" style="width: 120px" placeholder="${option.default}">`;
  const visibleWhen = option.visibleWhen
    ? ` data-visible-when="${escapeHtml(JSON.stringify(option.visibleWhen))}"`
    : '';
  const icon = option.kind === 'boolean' ? 'fa fa-check-square-o' : 'fa fa-clock-o';
  return `<div class="workspan-run-option"${visibleWhen}>${row(id, i18n(`runOptions.${option.name}.label`), control, icon)}</div>`;
}

/** The paging options: the *Rows* choice stands for core's Return All (and one page); a limit is core's. */
const pagingOptions = new Set(['returnAll', 'limit']);

function behaviourRows(spec: NodeSpec): string {
  const options = nodeRunOptions(spec);
  const rows: string[] = [];
  const waiting = options.filter((option) => !pagingOptions.has(option.name));
  if (waiting.length > 0)
    rows.push(`<div class="workspan-bulk-load-options">`, ...waiting.map(runOptionRow), `</div>`);
  const limit = options.find((option) => option.name === 'limit');
  if (limit) {
    rows.push(
      `<div class="workspan-paging-options">`,
      row(
        'node-input-paging',
        i18n('label.paging'),
        `<select id="node-input-paging" style="width: 65%">${['all', 'limit', 'page'].map((mode) => `<option value="${mode}" data-i18n="workspan.paging.${mode}"></option>`).join('')}</select>`,
        'fa fa-list',
      ),
      `<div class="workspan-limit-row">${row('node-input-limit', i18n('runOptions.limit.label'), '<input type="text" id="node-input-limit" style="width: 100px">', 'fa fa-hashtag')}</div>`,
      row(
        'node-input-splitPages',
        i18n('label.splitPages'),
        '<input type="checkbox" id="node-input-splitPages" style="width: auto">',
        'fa fa-files-o',
      ),
      `</div>`,
    );
  }
  return rows.join('\n');
}

/** A run option's stored default and check, from core's `runOptionFields`. */
function runOptionDefault(option: RunOptionField): string {
  if (option.kind === 'boolean') return `${option.name}: { value: ${JSON.stringify(option.default)} },`;
  const minimum = option.minimum ?? 0;
  const maximum = option.maximum ?? Number.MAX_SAFE_INTEGER;
  return `${option.name}: {
        value: ${JSON.stringify(option.default)},
        validate: function (value) {
          if (value === '' || value === undefined || value === null) return true;
          var number = Number(value);
          return Number.isInteger(number) && number >= ${minimum} && number <= ${maximum};
        },
      },`;
}

function template(spec: NodeSpec): string {
  const trigger = spec.kind === 'event';
  const parts = [
    row(
      'node-input-name',
      '<span data-i18n="node-red:common.label.name"></span>',
      '<input type="text" id="node-input-name">',
      'fa fa-tag',
    ),
    row(
      'node-input-connection',
      i18n('label.connection'),
      '<input type="text" id="node-input-connection">',
      'fa fa-plug',
    ),
  ];
  if (!trigger) {
    const options = spec.operations
      .map(
        (operation) =>
          `<option value="${operation.id}" data-i18n="workspan.operations.${operation.id}.name"></option>`,
      )
      .join('');
    parts.push(
      row(
        'node-input-operation',
        i18n('label.operation'),
        `<select id="node-input-operation" style="width: 65%">${options}</select>`,
        'fa fa-wrench',
      ),
    );
  }
  for (const operation of spec.operations) {
    parts.push(
      `<div class="workspan-operation" data-operation="${operation.id}">${operation.properties.map((property) => propertyRow(operation, property, trigger)).join('\n')}</div>`,
    );
  }
  if (trigger) {
    parts.push(
      row(
        'node-input-publicUrl',
        i18n('label.publicUrl'),
        '<input type="text" id="node-input-publicUrl" style="width: 65%" data-i18n="[placeholder]workspan.placeholder.publicUrl"><input type="hidden" id="node-input-publicUrlType">',
        'fa fa-globe',
      ),
    );
  }
  parts.push(behaviourRows(spec));
  return `<script type="text/html" data-template-name="${spec.type}">\n${parts.join('\n')}\n</script>`;
}

/** Only what the browser needs to wire the dialog up; labels and help come from the message catalogue. */
function browserSpec(spec: NodeSpec) {
  return spec.operations.map((operation) => ({
    id: operation.id,
    startsBulkLoad: operation.startsBulkLoad,
    pages: operation.pages,
    ...(operation.operation.behaviours.paging
      ? { pageNumberField: operation.operation.behaviours.paging.pageNumberField }
      : {}),
    properties: operation.properties.map((property) => ({
      name: property.name,
      kind: property.kind,
      required: property.required,
      default: property.default,
      // A menu shows "CSV" and "Object Stage Change"; msg and the saved node keep the API's values.
      ...(property.choices
        ? { choices: property.choices.map((value) => ({ value, label: choiceLabel(value) })) }
        : {}),
      ...(property.listSource ? { listSource: property.listSource } : {}),
    })),
  }));
}

function registration(spec: NodeSpec): string {
  const trigger = spec.kind === 'event';
  const first = spec.operations[0]?.id ?? '';
  const operations = JSON.stringify(browserSpec(spec));
  const extraDefaults = trigger
    ? `publicUrl: { value: '' },
      publicUrlType: { value: 'str' },`
    : `operation: { value: '${first}', required: true },
      ${nodeRunOptions(spec)
        .filter((option) => option.name !== 'returnAll')
        .map(runOptionDefault)
        .join('\n      ')}
      ${spec.operations.some((operation) => operation.pages) ? "paging: { value: 'all' },\n      splitPages: { value: false }," : ''}`;
  const labelKey = trigger
    ? `'workspan.nodes.${spec.type}'`
    : `'workspan.operations.' + (this.operation || '${first}') + '.name'`;
  return `<script type="text/javascript">
  (function () {
    var operations = ${operations};
    RED.nodes.registerType('${spec.type}', {
      category: '${paletteCategory}',
      color: '${color}',
      defaults: {
        name: { value: '' },
        connection: { value: '', type: '${connectionNodeType}', required: true },
        ${extraDefaults}
        parameters: {
          value: {},
          validate: function (value) {
            return WorkSpanEditor.validParameters(operations, this, value);
          },
        },
      },
      inputs: ${trigger ? 0 : 1},
      outputs: 1,
      icon: 'workspan.svg',
      paletteLabel: function () {
        return this._('workspan.nodes.${spec.type}');
      },
      label: function () {
        return this.name || this._(${labelKey});
      },
      labelStyle: function () {
        return this.name ? 'node_label_italic' : '';
      },
      oneditprepare: function () {
        ${trigger ? "$('#node-input-publicUrl').typedInput({ default: 'str', types: ['str', 'env'], typeField: '#node-input-publicUrlType' });" : ''}
        WorkSpanEditor.prepare(this, operations, ${trigger});
      },
      oneditsave: function () {
        this.parameters = WorkSpanEditor.collect(operations, ${trigger});
      },
    });
  })();
</script>`;
}

/** The application user id and secret are Node-RED credentials: never in the flow file. */
export const credentialFields = ['clientId', 'clientSecret'] as const;

/** The connection dialog's labels are long ("Application User Secret"): they get a column that holds them on one line. */
const connectionLabel = 'width: 190px; white-space: nowrap';
const connectionControl = 'width: calc(100% - 200px)';

function connectionTemplate(): string {
  const rows = connectionFields.map((field) => {
    const id = `node-config-input-${field.name}`;
    const label = i18n(`connection.${field.name}.label`);
    const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
    const control = field.choices
      ? `<select id="${id}" style="${connectionControl}">${field.choices.map((choice) => `<option value="${choice.value}" data-i18n="workspan.connection.${field.name}.choices.${choice.value}"></option>`).join('')}</select>`
      : field.multiline
        ? `<textarea id="${id}" rows="4" style="${connectionControl}; resize: vertical"${placeholder}></textarea>`
        : `<input type="${field.secret ? 'password' : 'text'}" id="${id}" style="${connectionControl}"${placeholder}>`;
    const visible = field.visibleWhen ? ` workspan-visible-${field.name}` : '';
    const top = field.multiline ? '; vertical-align: top' : '';
    return `<div class="form-row${visible}"><label for="${id}" style="${connectionLabel}${top}"><i class="fa fa-${field.secret ? 'lock' : 'pencil'}"></i> ${label}</label>${control}</div>`;
  });
  const connectionRow = (id: string, label: string, control: string, icon: string) =>
    `<div class="form-row"><label for="${id}" style="${connectionLabel}"><i class="${icon}"></i> ${label}</label>${control}</div>`;
  const defaults = connectionFields
    .filter((field) => !(credentialFields as readonly string[]).includes(field.name))
    .map(
      (field) =>
        `${field.name}: { value: ${JSON.stringify(field.default ?? '')}${field.required && !field.visibleWhen ? ', required: true' : ''} },`,
    )
    .join('\n      ');
  const credentials = connectionFields
    .filter((field) => (credentialFields as readonly string[]).includes(field.name))
    .map(
      (field) =>
        `${field.name}: { type: '${field.secret ? 'password' : 'text'}', required: ${field.required} },`,
    )
    .join('\n      ');
  const toggles = connectionFields
    .filter((field) => field.visibleWhen)
    .map((field) => {
      const [[on, values] = ['', []]] = Object.entries(field.visibleWhen ?? {});
      return `$('#node-config-input-${on}').on('change', function () { $('.workspan-visible-${field.name}').toggle(${JSON.stringify(values)}.indexOf($(this).val()) >= 0); }).trigger('change');`;
    })
    .join('\n      ');
  return `<script type="text/html" data-template-name="${connectionNodeType}">
${connectionRow('node-config-input-name', '<span data-i18n="node-red:common.label.name"></span>', `<input type="text" id="node-config-input-name" style="${connectionControl}">`, 'fa fa-tag')}
${rows.join('\n')}
${connectionRow('node-config-input-callsPerMinute', i18n('label.callsPerMinute'), '<input type="text" id="node-config-input-callsPerMinute" style="width: 100px">', 'fa fa-tachometer')}
</script>
<script type="text/javascript">
  RED.nodes.registerType('${connectionNodeType}', {
    category: 'config',
    defaults: {
      name: { value: '' },
      ${defaults}
      callsPerMinute: { value: ${runDefaults.callBudget.limit}, validate: RED.validators.number() },
    },
    credentials: {
      ${credentials}
    },
    label: function () {
      return this.name || this.hostname || 'WorkSpan';
    },
    oneditprepare: function () {
      ${toggles}
    },
  });
</script>`;
}

export function editorPage(): string {
  return [
    `<script type="text/javascript" src="resources/${moduleName}/workspan-editor.js"></script>`,
    connectionTemplate(),
    ...nodeSpecs.flatMap((spec) => [template(spec), registration(spec)]),
  ].join('\n\n');
}
