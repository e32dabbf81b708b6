import { describe, expect, it } from 'vitest';
import { renderBulkloadStatus } from './bulk-status-view.js';
import { describeDelivery } from './listen-command.js';
import { renderHuman, renderKeyValues, renderRecords } from './output.js';
import { escapeForTerminal, escapeLinesForTerminal } from './terminal-text.js';

const clearScreen = 'E\x1b[2J\x1b[31mX';
const setTitle = '\x1b]0;owned\x07name';
// Anything a terminal acts on: C0 controls, DEL, the C1 CSI, a right-to-left override.
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

describe('escapeForTerminal', () => {
  it('writes control characters as escapes', () => {
    expect(escapeForTerminal(clearScreen)).toBe('E\\x1b[2J\\x1b[31mX');
    expect(escapeForTerminal(setTitle)).toBe('\\x1b]0;owned\\x07name');
    expect(escapeForTerminal('a\nb\r\tc\x00\x7f\x9b')).toBe('a\\nb\\r\\tc\\x00\\x7f\\x9b');
    expect(escapeForTerminal('invoice\u202egpj.exe')).toBe('invoice\\u202egpj.exe');
  });

  it('leaves printable text alone, in any script', () => {
    const text = 'Acme Corp — SAP on Azure, Zürich, 東京, naïve, emoji 🚀, C:\\path';
    expect(escapeForTerminal(text)).toBe(text);
  });

  it('keeps the line breaks of text of several lines', () => {
    expect(escapeLinesForTerminal(`error: one\nerror: ${clearScreen}`)).toBe(
      'error: one\nerror: E\\x1b[2J\\x1b[31mX',
    );
  });
});

describe('human output of hostile API data', () => {
  it('escapes values and keys in tables and key/value views', () => {
    const records = [{ external_id: clearScreen, [setTitle]: 'v' }];
    for (const text of [
      renderRecords(records),
      renderKeyValues([[setTitle, clearScreen]]),
      renderHuman({ [setTitle]: records, name: clearScreen, tags: [clearScreen] }),
      renderHuman([clearScreen]),
      renderHuman(clearScreen),
    ]) {
      expect(text).not.toMatch(unsafe);
      expect(text).toContain('\\x1b');
    }
  });

  it('escapes the bulk-load status and its row errors', () => {
    const text = renderBulkloadStatus({
      status: `completed${setTitle}`,
      execution_id: clearScreen,
      integration_id: 'WS-Integration_crm_opportunity',
      input_count: 1,
      error_count: 1,
      errors: [{ row: 1, key: clearScreen, message: `bad stage ${setTitle}` }],
    } as never);
    expect(text).not.toMatch(unsafe);
    expect(text).toContain('Bulk load E\\x1b[2J\\x1b[31mX running');
    expect(text).toContain('completed\\x1b]0;owned\\x07name');
  });

  it('escapes what listen prints for an event', () => {
    const line = describeDelivery({
      payload: { object_id: clearScreen, event: 'object.update', changed_fields: setTitle },
      delivery: {
        event: 'object.update',
        receivedAt: '2026-12-01T00:00:00Z',
        dedupeKey: 'id:d1',
        digest: 'sha256:d1',
        duplicate: false,
      },
    });
    expect(line).not.toMatch(unsafe);
    expect(line).toContain('changed: \\x1b]0;owned\\x07name');
  });
});
