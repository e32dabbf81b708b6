import {
  catalogue,
  deliveryMetadataKey,
  getResource,
  outputFields,
  runDefaults,
} from '@workspan-kit/core/spec';
import {
  type NodeSpec,
  nodeRunOptions,
  nodeSpecs,
  type OperationSpec,
  type PropertySpec,
} from '../nodes/node-specs.js';

/** Help for every node in Node-RED's style (summary, Inputs, Outputs, Details, References), generated from the catalogue. */

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const readme = 'https://github.com/workspan-kit/workspan-kit/tree/main/packages/node-red-workspan#readme';

const typeOf = (property: PropertySpec) => {
  switch (property.kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'stringList':
    case 'multiOptions':
      return 'array | string';
    case 'json':
    case 'reportFilters':
      return 'object';
    case 'data':
      return 'string | array | Buffer';
    case 'file':
      return 'Buffer | string';
    default:
      return 'string';
  }
};

function propertyEntry(property: PropertySpec): string {
  const choices = property.choices
    ? ` One of ${property.choices.map((choice) => `<code>${choice}</code>`).join(', ')}.`
    : '';
  const fallback =
    property.default === undefined
      ? ''
      : ` Default <code>${escapeHtml(JSON.stringify(property.default))}</code>.`;
  const from =
    property.kind === 'data'
      ? ' Taken from <code>msg.payload</code> unless set otherwise: CSV text, an array of row objects or a Buffer.'
      : property.kind === 'file'
        ? ' Taken from <code>msg.payload</code> unless set otherwise: a Buffer (named by <code>msg.filename</code>) or the path of a file, streamed.'
        : '';
  return `<dt${property.required ? '' : ' class="optional"'}>${property.name} <span class="property-type">${typeOf(property)}</span></dt>
<dd>${escapeHtml(property.label)}: ${escapeHtml(property.description)}${choices}${fallback}${from}</dd>`;
}

function outputList(operation: OperationSpec): string {
  const fields = outputFields(operation.operation);
  if (fields.length === 0) return '<p>Answer in <code>msg.payload</code>: an empty object.</p>';
  return `<p>Answer in <code>msg.payload</code>:</p>
<dl class="message-properties">
${fields.map((field) => `<dt${field.always ? '' : ' class="optional"'}>${escapeHtml(field.name)} <span class="property-type">${escapeHtml(field.type)}</span></dt><dd>${escapeHtml(field.description)}</dd>`).join('\n')}
</dl>`;
}

function operationDetails(operation: OperationSpec): string {
  return `<h4>${escapeHtml(operation.operation.name)} <code>${operation.id}</code></h4>
<p>${escapeHtml(operation.operation.actionSentence)}. ${escapeHtml(operation.operation.description)}</p>
<dl class="message-properties">
${operation.properties.map(propertyEntry).join('\n')}
</dl>
${outputList(operation)}`;
}

function actionHelp(spec: NodeSpec): string {
  const bulk = spec.operations.some((operation) => operation.startsBulkLoad);
  const pages = spec.operations.some((operation) => operation.pages);
  return `<p>${escapeHtml(getResource(spec.resource).description)} Operations: ${spec.operations.map((operation) => escapeHtml(operation.operation.name)).join('; ')}.</p>
<h3>Inputs</h3>
<dl class="message-properties">
<dt class="optional">operation <span class="property-type">string</span></dt>
<dd>Runs another operation of this node: its id or the name the <i>Operation</i> choice shows (case and spaces aside), one of ${spec.operations.map((operation) => `<code>${operation.id}</code> (${escapeHtml(operation.operation.name)})`).join(', ')}. The values saved in the edit dialog belong to the saved operation: another operation takes its values from <code>msg</code> only.</dd>
<dt class="optional"><i>property</i> <span class="property-type">various</span></dt>
<dd>Any property left blank in the edit dialog is read from <code>msg.&lt;property&gt;</code>, e.g. <code>msg.${spec.operations[0]?.properties[0]?.name ?? 'integrationId'}</code>. Every property can also be taken from <code>msg</code>, flow or global context, or an environment variable with its typed input.</dd>
</dl>
<h3>Outputs</h3>
<dl class="message-properties">
<dt>payload <span class="property-type">object | array</span></dt>
<dd>WorkSpan's answer${bulk ? '; with <i>Wait for completion</i>, the final status of the bulk load' : ''}${pages ? '; for report reads with <i>Return all</i> or a limit, the rows (one message for all rows, or one per page)' : ''}. The incoming message is passed on with its other properties.</dd>
${bulk ? '<dt class="optional">workspan <span class="property-type">object</span></dt><dd><code>integrationId</code> and <code>executionId</code> of a bulk load that was waited for.</dd>' : ''}
${pages ? '<dt class="optional">page <span class="property-type">object</span></dt><dd>With <i>One message per page</i>: <code>number</code> and <code>size</code> of the page.</dd>' : ''}
</dl>
<h3>Details</h3>
<p>The status shows <i>requesting</i>, ${bulk ? '<i>waiting</i> with the rows processed so far, ' : ''}<i>done</i> with counts, or the error. Every value — the properties and the options below, from the dialog or <code>msg</code> — is checked before the first request; errors go to a Catch node with a message naming the property as the dialog shows it (<code>Integration (msg.integrationId)</code>), also when WorkSpan does not know the id it carried; nothing is sent then.</p>
${pages ? "<p><i>Rows</i> (<code>msg.paging</code>): <code>all</code> reads every page, <code>limit</code> stops at the limit, both from the first page (a page number is not sent); <code>page</code> sends WorkSpan's answer for the page number given (the first page when none is).</p>" : ''}
<dl class="message-properties">${nodeRunOptions(spec)
    .filter((option) => option.name !== 'returnAll')
    .map(
      (option) =>
        `<dt class="optional">${option.name} <span class="property-type">${option.kind}</span></dt><dd>${escapeHtml(option.label)}: ${escapeHtml(option.description)} Default <code>${option.default}</code>${option.minimum === undefined ? '' : `, at least <code>${option.minimum}</code>`}; also read from <code>msg.${option.name}</code>.</dd>`,
    )
    .join(
      '\n',
    )}${pages ? '\n<dt class="optional">splitPages <span class="property-type">boolean</span></dt><dd>One message per page: each page is sent as it is read, with <code>msg.page</code>; also read from <code>msg.splitPages</code>.</dd>' : ''}</dl>
${spec.operations.map(operationDetails).join('\n')}
<h3>References</h3>
<ul>
<li><a href="${readme}">Package README</a>: install, connection, every node and its <code>msg</code> fields</li>
<li><a href="https://learn.microsoft.com/connectors/workspan/">WorkSpan connector reference</a></li>
</ul>`;
}

function eventHelp(spec: NodeSpec): string {
  const operation = spec.operations[0] as OperationSpec;
  const trigger = catalogue[operation.id];
  const events = trigger.behaviours.trigger?.events;
  const eventText = Array.isArray(events)
    ? events.join(', ')
    : 'the collaboration event chosen, from the list WorkSpan offers';
  return `<p>${escapeHtml(trigger.description)} Each event WorkSpan sends is one message.</p>
<h3>Outputs</h3>
<dl class="message-properties">
<dt>payload <span class="property-type">object</span></dt>
<dd>The event payload exactly as WorkSpan delivers it (its fields are those of the event's schema).</dd>
<dt>${deliveryMetadataKey} <span class="property-type">object</span></dt>
<dd>Delivery metadata: <code>id</code>, <code>event</code> and <code>attempt</code> when the sender gives them, <code>subscriberId</code>, <code>receivedAt</code>, <code>dedupeKey</code> (the delivery id, else the object and event of the payload, else a digest of the body), <code>digest</code> and <code>duplicate</code>, which is always <code>false</code> in a message: a redelivery (the same body again for the same key within 25 hours) is answered and sends nothing; the node's status says so.</dd>
</dl>
<h3>Details</h3>
<p>On deploy the node subscribes with <code>${operation.id}</code> (events: ${escapeHtml(eventText)}) and a callback URL on this Node-RED's HTTP server carrying an unguessable token; on stop, redeploy or removal it unsubscribes. Subscriptions left over after a crash are found by the ids the node stored and deleted when it starts again. Deliveries without the right token are refused; a redelivery of an event is not sent twice.</p>
<p><i>Public URL</i> is the address WorkSpan reaches this Node-RED at when it runs behind a proxy or a tunnel (default: the <code>workspanPublicUrl</code> setting, else <code>http://127.0.0.1:&lt;port&gt;</code>).</p>
<dl class="message-properties">
${operation.properties.map(propertyEntry).join('\n')}
</dl>
<h3>References</h3>
<ul>
<li><a href="${readme}">Package README</a>: the public URL and the event nodes</li>
<li><a href="https://learn.microsoft.com/connectors/workspan/">WorkSpan connector reference</a></li>
</ul>`;
}

function connectionHelp(): string {
  const budget = runDefaults.callBudget;
  const window = `${budget.windowMs / 1000} seconds`;
  return `<p>A WorkSpan connection: one application user on one WorkSpan app hostname. Every node using it shares one access token and one pace of calls (WorkSpan allows ${budget.limit} calls per ${window} per connection).</p>
<h3>Details</h3>
<dl class="message-properties">
<dt>Environment</dt><dd>Production (<code>https://api.workspan.com</code>, app hostname <code>app.workspan.com</code>), Sandbox (<code>https://api-sandbox.workspan.com</code>, shared by every WorkSpan sandbox; the app hostname picks yours), or a base URL such as a local sandbox.</dd>
<dt>WorkSpan App Hostname</dt><dd>Your WorkSpan app hostname without <code>https://</code>, sent as <code>x-ws-env</code>: <code>app.workspan.com</code> in production; in a sandbox its own, e.g. <code>uat.workspan.com</code> or <code>demo.workspan.com</code>.</dd>
<dt>Application User ID / Secret</dt><dd>Kept in Node-RED's credentials, never in the flow file.</dd>
<dt class="optional">Calls per 60 s</dt><dd>The connection's call budget: calls per ${window} (default ${budget.limit}, WorkSpan's documented limit); waiting for a bulk load uses at most a quarter of it.</dd>
</dl>
<h3>References</h3>
<ul><li><a href="${readme}">Package README</a></li></ul>`;
}

export function helpPage(): string {
  const sections = [
    ['workspan-connection', connectionHelp()],
    ...nodeSpecs.map((spec) => [spec.type, spec.kind === 'action' ? actionHelp(spec) : eventHelp(spec)]),
  ];
  return sections
    .map(([type, body]) => `<script type="text/html" data-help-name="${type}">\n${body}\n</script>`)
    .join('\n\n');
}
