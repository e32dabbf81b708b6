import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { WorkSpanValidationError } from '../errors.js';
import { prepareRequest } from './build-request.js';
import type { FileAccess } from './file-access.js';
import { validateInput } from './validate-input.js';

const files: FileAccess = {
  describe: async (path) => ({ size: path.includes('empty') ? 0 : 3, name: path }),
  open: async function* () {
    yield new TextEncoder().encode('a\n1');
  },
};
const integrationId = 'WS-Integration_crm_opportunity';

async function prepare(operation: keyof typeof catalogue, input: Record<string, unknown>) {
  const definition = catalogue[operation];
  return prepareRequest(definition, validateInput(definition, input), { files, random: Math.random });
}

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe('an empty upload is refused before anything is sent, naming the field', () => {
  it.each([
    ['empty rows', { data: [] }, 'data'],
    ['blank text', { data: '  \n' }, 'data'],
    ['no bytes', { data: new Uint8Array() }, 'data'],
    ['an empty file', { data: { path: 'empty.csv' } }, 'data.path'],
    ['an empty stream', { data: chunks() }, 'data'],
    ['a stream of empty chunks', { data: chunks('', '') }, 'data'],
  ])('%s', async (_name, input, field) => {
    const error = await prepare('BulkloadData', { integrationId, ...input }).catch((caught) => caught);
    expect(error).toBeInstanceOf(WorkSpanValidationError);
    expect(error.issues[0].field).toBe(field);
    expect(error.issues[0].expected).toMatch(/at least one row/);
  });

  it.each([
    ['an empty file', { file: { path: 'empty.csv' } }, 'file.path'],
    ['empty content', { file: { name: 'a.csv', content: '' } }, 'file.content'],
    ['an empty stream', { file: { name: 'a.csv', content: chunks() } }, 'file.content'],
  ])('attachment: %s', async (_name, input, field) => {
    const error = await prepare('BulkloadDataFileAttachment', { integrationId, ...input }).catch((c) => c);
    expect(error).toBeInstanceOf(WorkSpanValidationError);
    expect(error.issues[0].field).toBe(field);
  });

  it('sends a stream whole, its first chunk included, once it has data', async () => {
    const prepared = await prepare('BulkloadData', { integrationId, data: chunks('', 'a\n', '1\n') });
    expect(prepared.body.kind).toBe('stream');
    if (prepared.body.kind !== 'stream') return;
    let text = '';
    for await (const chunk of prepared.body.open()) text += new TextDecoder().decode(chunk);
    expect(text).toBe('a\n1\n');
  });
});
