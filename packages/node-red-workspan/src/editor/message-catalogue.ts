import { catalogue, type OperationId } from '@workspan-kit/core';
import { type NodeSpec, nodeSpecs } from '../nodes/node-specs.js';

/** Palette names follow Node-RED's lower-case style, read off the node type ("workspan-bulk-load" → "bulk load"). */
export const paletteLabel = (spec: NodeSpec) => spec.type.replace(/^workspan-/, '').replace(/-/g, ' ');

/** The en-US message catalogue: texts of the package's own, plus every operation's names and fields from core. */
export function messageCatalogue(): Record<string, unknown> {
  const operations: Record<string, unknown> = {};
  for (const spec of nodeSpecs) {
    for (const operation of spec.operations) {
      const fields: Record<string, { label: string; description: string }> = {};
      for (const property of operation.properties)
        fields[property.name] = { label: property.label, description: property.description };
      operations[operation.id] = {
        name: catalogue[operation.id as OperationId].title,
        description: operation.description,
        fields,
      };
    }
  }
  return {
    workspan: {
      nodes: Object.fromEntries(nodeSpecs.map((spec) => [spec.type, paletteLabel(spec)])),
      operations,
      label: {
        name: 'Name',
        connection: 'Connection',
        operation: 'Operation',
        publicUrl: 'Public URL',
        waitForCompletion: 'Wait for completion',
        failOnRowErrors: 'Fail on row errors',
        waitTimeLimit: 'Wait at most (s)',
        pollInterval: 'Check every (s)',
        paging: 'Rows',
        limit: 'Limit',
        splitPages: 'One message per page',
        environment: 'Environment',
        baseUrl: 'Base URL',
        hostname: 'WorkSpan App Hostname',
        clientId: 'Application User Id',
        clientSecret: 'Application User Secret',
        callsPerMinute: 'Calls per 60 s',
        notes: 'Notes',
        refresh: 'Load from WorkSpan',
      },
      environments: { production: 'Production', sandbox: 'Sandbox', custom: 'Base URL (a local sandbox)' },
      paging: {
        all: 'Return all',
        limit: 'Return at most a limit',
        page: 'One page (page number and size below)',
      },
      placeholder: {
        hostname: 'app.workspan.com',
        baseUrl: 'http://127.0.0.1:4010',
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
        error: '__message__',
        'no-connection': 'no connection',
        'authentication-failed': 'connection: authentication failed',
      },
      errors: {
        'no-connection': 'No WorkSpan connection is set: choose one in the node’s Connection property.',
        'unknown-operation': 'msg.operation must be one of __operations__.',
        'row-errors': '__failed__ of __total__ rows failed to load: __first__',
      },
    },
  };
}
