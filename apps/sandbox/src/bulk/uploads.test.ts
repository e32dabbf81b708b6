import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@workspan-kit/test-kit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestSandbox } from '../test-support/test-sandbox.js';

const crm = 'WS-Integration_crm_opportunity';

describe('partial uploads', () => {
  let folder: string;
  let databaseFile: string;
  let uploads: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sandbox-uploads-'));
    databaseFile = join(folder, 'sandbox.db');
    uploads = `${databaseFile}.uploads`;
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test.each([
    ['a body upload', 'text/csv', ''],
    [
      'a multipart upload',
      'multipart/form-data; boundary=XX',
      '--XX\r\nContent-Disposition: form-data; name="file"; filename="deals.csv"\r\n\r\n',
    ],
  ])('%s cut by a shutdown leaves no file behind', async (_name, contentType, preamble) => {
    const sandbox = await startTestSandbox({ databaseFile, seed: false });
    const token = await sandbox.token();
    const upload = request(new URL(`${sandbox.url}/bulk/v1/bulkload?integration_id=${crm}&data_format=csv`), {
      method: 'POST',
      headers: {
        'x-ws-env': sandbox.credentials.hostname,
        authorization: `Bearer ${token}`,
        'content-type': contentType,
        'transfer-encoding': 'chunked',
      },
    });
    const cut = new Promise((resolve) => upload.on('error', resolve));
    // Part of the data, and then nothing: the upload is still being written when close() comes.
    upload.write(`${preamble}opportunity_id,name\n${'u1,Never finished\n'.repeat(20_000)}`);
    await waitFor('the upload to be kept', () => (readdirSync(uploads).length > 0 ? true : undefined));
    await sandbox.close();
    expect(readdirSync(uploads)).toEqual([]);
    await cut;
  });

  test('a restart removes partial uploads of a stopped process and keeps those of unfinished loads', async () => {
    const first = await startTestSandbox({ databaseFile, seed: false });
    await first.admin('/executions/pause', { method: 'POST' });
    const load = await first.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=csv`, {
      body: 'opportunity_id,name\nkeep1,Kept across the restart\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(load.status).toBe(200);
    await first.close();
    expect(readdirSync(uploads)).toHaveLength(1);
    // What a process killed with SIGKILL in the middle of an upload leaves behind.
    writeFileSync(join(uploads, 'upload-1700000000000-0123456789ab'), 'opportunity_id,name\nhalf');

    const second = await startTestSandbox({ databaseFile, seed: false });
    try {
      expect(readdirSync(uploads)).not.toContain('upload-1700000000000-0123456789ab');
      const done = await waitFor('the bulk load to complete', async () => {
        const status = await second.api(`/bulk/v1/status/${crm}?execution_id=${load.body.execution_id}`);
        return status.body.status === 'completed' ? status.body : undefined;
      });
      expect(done).toMatchObject({ input_count: 1, succcess_count: 1, error_count: 0 });
      // The finished job removes its own upload, just after it reports completion.
      await waitFor('the upload to be removed', () => (readdirSync(uploads).length === 0 ? true : undefined));
    } finally {
      await second.close();
    }
  });
});
