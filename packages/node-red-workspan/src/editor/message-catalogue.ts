import { bulkloadRunOptions, pagingRunOptions } from '@workspan-kit/core/internal';
import { connectionFields } from '@workspan-kit/core/spec';
import { nodeSpecs } from '../nodes/node-specs.js';

/** The en-US message catalogue: texts of the package's own, plus every operation's names and fields from core. */
export function messageCatalogue(): Record<string, unknown> {
  const operations: Record<string, unknown> = {};
  for (const spec of nodeSpecs) {
    for (const operation of spec.operations) {
      const fields: Record<string, { label: string; description: string }> = {};
      for (const property of operation.properties)
        fields[property.name] = { label: property.label, description: property.description };
      operations[operation.id] = {
        name: operation.operation.name,
        description: operation.operation.actionSentence,
        fields,
      };
    }
  }
  return {
    workspan: {
      nodes: Object.fromEntries(nodeSpecs.map((spec) => [spec.type, spec.paletteLabel])),
      operations,
      connection: Object.fromEntries(
        connectionFields.map((field) => [
          field.name,
          {
            label: field.label,
            description: field.description,
            ...(field.choices
              ? { choices: Object.fromEntries(field.choices.map((choice) => [choice.value, choice.label])) }
              : {}),
          },
        ]),
      ),
      runOptions: Object.fromEntries(
        [...pagingRunOptions, ...bulkloadRunOptions].map((field) => [
          field.name,
          { label: field.label, description: field.description },
        ]),
      ),
      label: {
        name: 'Name',
        connection: 'Connection',
        operation: 'Operation',
        publicUrl: 'Public URL',
        paging: 'Rows',
        splitPages: 'One message per page',
        callsPerMinute: 'Calls per 60 s',
        refresh: 'Load from WorkSpan',
      },
      paging: {
        all: pagingRunOptions.find((option) => option.name === 'returnAll')?.label ?? 'Return All',
        limit: 'Return at most a limit',
        page: 'One page (page number and size below)',
      },
      placeholder: {
        publicUrl: 'https://nodered.example.com (default: this Node-RED)',
      },
      editor: {
        loading: 'loading…',
        loaded: '__count__ loaded',
        filterHelp: 'Checked with WorkSpan’s filter grammar as you type.',
      },
      status: {
        requesting: 'requesting',
        waiting: 'waiting',
        'waiting-progress': 'waiting: __done__ of __total__ rows',
        done: 'done',
        'done-rows': 'done: __count__ rows',
        'done-load': 'done: __succeeded__ loaded, __failed__ failed',
        subscribing: 'subscribing',
        listening: 'listening',
        received: 'received __count__',
        duplicate: 'received __count__; skipped a redelivery',
        error: '__message__',
        'no-connection': 'no connection',
        'authentication-failed': 'connection: authentication failed',
      },
      errors: {
        'no-connection': 'No WorkSpan connection is set: choose one in the node’s Connection property.',
        'unknown-operation':
          'msg.operation must be one of __operations__ (the id, or the name the Operation choice shows).',
      },
    },
  };
}
