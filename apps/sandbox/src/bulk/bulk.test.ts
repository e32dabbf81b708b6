import { join } from 'node:path';
import { waitFor } from '@workspan-kit/test-kit';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox, temporaryFolder } from '../test-support/test-sandbox.js';

const crm = 'WS-Integration_crm_opportunity';

describe('bulk loads', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: false });
  });
  afterAll(() => sandbox.close());

  const status = (executionId: string, integrationId = crm, extra = '') =>
    sandbox.api(`/bulk/v1/status/${integrationId}?execution_id=${executionId}${extra}`);

  const completed = (executionId: string, integrationId = crm, extra = '') =>
    waitFor('the bulk load to complete', async () => {
      const response = await status(executionId, integrationId, extra);
      return response.body.status === 'completed' ? response.body : undefined;
    });

  const findByCrmId = async (crmId: string) => {
    const list = await sandbox.admin('/objects?type=opportunity&limit=10000');
    return list.body.objects.find(
      (o: { fields: Record<string, unknown> }) => o.fields['sales_details.crm_opportunity_id'] === crmId,
    );
  };

  test('a CSV load with two bad rows: running, then completed with counts and row errors', async () => {
    await sandbox.admin('/executions/pause', { method: 'POST' });
    const csv = [
      'opportunity_id,name,stage,amount,close_date,partner',
      'aw00078,Acme Corp — Azure migration,proposal,250000,2025-01-20,P1',
      'aw00079,Globex — Teams adoption,qualification,250000,20-jan-2020,P2',
      'aw00080,Initech — SAP on Azure,Negotiation,125000.50,2025-03-01,P3',
      ',Hooli — AI copilot pilot,won,75000,2020-10-20,P4',
    ].join('\n');
    const upload = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=csv`, {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({ integration_id: crm, data_format: 'csv' });
    expect(typeof upload.body.execution_id).toBe('string');
    expect(Number.isNaN(Date.parse(upload.body.created_at))).toBe(false);

    const running = await status(upload.body.execution_id);
    expect(running.status).toBe(200);
    expect(running.body.status).toBe('running');
    expect(running.body.completed_at).toBeUndefined();

    await sandbox.admin('/executions/resume', { method: 'POST' });
    const done = await completed(upload.body.execution_id);
    expect(Object.keys(done)).toEqual([
      'integration_id',
      'execution_id',
      'status',
      'input_count',
      'error_count',
      'succcess_count',
      'skip_count',
      'started_at',
      'completed_at',
      'include_errors',
      'errors',
    ]);
    expect(done).toMatchObject({
      integration_id: crm,
      execution_id: upload.body.execution_id,
      status: 'completed',
      input_count: 4,
      error_count: 2,
      succcess_count: 2,
      skip_count: 0,
      include_errors: true,
    });
    expect(done.errors).toEqual([
      {
        id: 'aw00079',
        message: "invalid value in field 'close_date'",
        data_row: {
          opportunity_id: 'aw00079',
          name: 'Globex — Teams adoption',
          stage: 'qualification',
          amount: 250000,
          close_date: '20-jan-2020',
          partner: 'P2',
        },
      },
      {
        id: '',
        message: 'Missing value of key field',
        data_row: {
          opportunity_id: '',
          name: 'Hooli — AI copilot pilot',
          stage: 'won',
          amount: 75000,
          close_date: '2020-10-20',
          partner: 'P4',
        },
      },
    ]);

    const created = await findByCrmId('aw00080');
    expect(created.object_id).toMatch(/^WS-Project_/);
    expect(created.fields).toMatchObject({
      stage: 'negotiation',
      amount: 125000.5,
      'sales_details.partner': 'P3',
    });

    const limited = await status(upload.body.execution_id, crm, '&max_errors=1');
    expect(limited.body.errors).toHaveLength(1);
    const without = await status(upload.body.execution_id, crm, '&include_errors=false');
    expect(without.body.include_errors).toBe(false);
    expect(without.body.errors).toBeUndefined();
  });

  test('a second load upserts by the key field', async () => {
    const first = await sandbox.api(`/bulk/v1/bulkload_opportunity?integration_id=${crm}`, {
      body: 'opportunity_id,name,amount\nup001,Upsert me,1000\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(first.status).toBe(200);
    expect(first.body.data_format).toBeUndefined();
    await completed(first.body.execution_id);
    const before = await findByCrmId('up001');
    expect(before.fields).toMatchObject({ name: 'Upsert me', amount: 1000, stage: 'prospecting' });

    const second = await sandbox.api(
      `/bulk/v1/bulkload_opportunity?integration_id=${crm}&content_type=json`,
      {
        body: [{ opportunity_id: 'up001', amount: 2000, stage: 'won' }],
      },
    );
    const done = await completed(second.body.execution_id);
    expect(done).toMatchObject({ input_count: 1, succcess_count: 1, error_count: 0 });
    const after = await findByCrmId('up001');
    expect(after.object_id).toBe(before.object_id);
    expect(after.fields).toMatchObject({ name: 'Upsert me', amount: 2000, stage: 'won' });
  });

  test('JSON body with invalid values and a missing required field', async () => {
    const rows = [
      { opportunity_id: 'js001', name: 'JSON one', amount: 5000, close_date: '2025-02-28' },
      { opportunity_id: 'js002', name: 'JSON two', amount: '-' },
      { opportunity_id: 'js003', amount: 10 },
      { opportunity_id: 'js004', name: 'Bad stage', stage: 'dreaming' },
      { opportunity_id: 'js005', name: 'Bad date', close_date: '2025-02-30' },
    ];
    const upload = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: rows,
    });
    expect(upload.status).toBe(200);
    expect(upload.body.data_format).toBe('json');
    const done = await completed(upload.body.execution_id, crm, '&max_errors=10');
    expect(done).toMatchObject({ input_count: 5, succcess_count: 1, error_count: 4 });
    expect(done.errors.map((e: { id: string; message: string }) => [e.id, e.message])).toEqual([
      ['js002', "invalid value in field 'amount'"],
      ['js003', "Missing value of required field 'name'"],
      ['js004', "invalid value in field 'stage'"],
      ['js005', "invalid value in field 'close_date'"],
    ]);
    expect(done.errors[0].data_row).toEqual({ opportunity_id: 'js002', name: 'JSON two', amount: '-' });
  });

  test("';' delimiter, blank rows skipped, accounts via BulkloadData", async () => {
    const csv =
      'account_id;name;employees;country\nacc-1;Semi Colon Ltd;250;DE\n;;;\nacc-2;"Quoted; Name";12;FR\n';
    const upload = await sandbox.api(
      `/bulk/v1/bulkload?integration_id=WS-Integration_crm_account&data_format=csv&column_delimiter=${encodeURIComponent(';')}`,
      { body: csv, headers: { 'content-type': 'text/plain' } },
    );
    expect(upload.status).toBe(200);
    const done = await completed(upload.body.execution_id, 'WS-Integration_crm_account');
    expect(done).toMatchObject({ input_count: 3, succcess_count: 2, error_count: 0, skip_count: 1 });
    const accounts = await sandbox.admin('/objects?type=account');
    const names = accounts.body.objects.map((o: { fields: { name: string } }) => o.fields.name);
    expect(names).toEqual(expect.arrayContaining(['Semi Colon Ltd', 'Quoted; Name']));
    const account = accounts.body.objects.find(
      (o: { fields: { name: string } }) => o.fields.name === 'Semi Colon Ltd',
    );
    expect(account.object_id).toMatch(/^WS-Account_/);
    expect(account.fields).toMatchObject({ 'account_info.external_account_id': 'acc-1', employees: 250 });
  });

  test('XLSX attachment (multipart on the routed path) with a header row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Opportunities');
    sheet.addRow(['opportunity_id', 'name', 'stage', 'amount', 'close_date']);
    sheet.addRow(['xl001', 'Excel one', 'proposal', 42000, new Date(Date.UTC(2025, 5, 30))]);
    sheet.addRow(['xl002', { richText: [{ text: 'Rich ' }, { text: 'text' }] }, 'won', 1500, '2025-07-01']);
    sheet.addRow(['xl003', 'Excel bad', 'won', 'lots', '2025-07-01']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const form = new FormData();
    form.append('file', new Blob([buffer]), 'opportunities.xlsx');
    const upload = await sandbox.api(
      `/bulk/v1/bulkload_opportunity?integration_id=${crm}&content_type=xlsx`,
      {
        body: form,
      },
    );
    expect(upload.status).toBe(200);
    const done = await completed(upload.body.execution_id);
    expect(done).toMatchObject({ input_count: 3, succcess_count: 2, error_count: 1 });
    expect(done.errors[0]).toMatchObject({ id: 'xl003', message: "invalid value in field 'amount'" });
    expect((await findByCrmId('xl001')).fields).toMatchObject({ close_date: '2025-06-30', amount: 42000 });
    expect((await findByCrmId('xl002')).fields.name).toBe('Rich text');
  });

  test('XLSX without header row takes the integration column order', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['nh001', 'No header', 'lost', 99]);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await workbook.xlsx.writeBuffer())]), 'data.xlsx');
    const upload = await sandbox.api(
      `/bulk/v1/bulkload_opportunity/file?integration_id=${crm}&has_header_row=false`,
      {
        body: form,
      },
    );
    expect(upload.status).toBe(200);
    const done = await completed(upload.body.execution_id);
    expect(done).toMatchObject({ input_count: 1, succcess_count: 1 });
    expect((await findByCrmId('nh001')).fields).toMatchObject({
      name: 'No header',
      stage: 'lost',
      amount: 99,
    });
  });

  test('CSV and JSON attachments on BulkloadDataFileAttachment', async () => {
    const csvForm = new FormData();
    csvForm.append(
      'file',
      new Blob(['opportunity_id,name\nmp001,Multipart CSV\n'], { type: 'text/csv' }),
      'rows.csv',
    );
    const csvUpload = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=csv`, {
      body: csvForm,
    });
    expect(csvUpload.status).toBe(200);
    expect(csvUpload.body.data_format).toBe('csv');

    const jsonForm = new FormData();
    jsonForm.append(
      'file',
      new Blob([JSON.stringify([{ opportunity_id: 'mp002', name: 'Multipart JSON' }])]),
      'rows.json',
    );
    const jsonUpload = await sandbox.api(`/bulk/v1/bulkload/file?integration_id=${crm}`, { body: jsonForm });
    expect(jsonUpload.status).toBe(200);
    expect(jsonUpload.body.data_format).toBe('json');

    await completed(csvUpload.body.execution_id);
    await completed(jsonUpload.body.execution_id);
    expect(await findByCrmId('mp001')).toBeDefined();
    expect(await findByCrmId('mp002')).toBeDefined();
  });

  test('unparseable files complete with every row failed', async () => {
    const brokenCsv = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
      body: 'opportunity_id,name\nbr001,"never closed\nbr002,two\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(brokenCsv.status).toBe(200);
    const csvDone = await completed(brokenCsv.body.execution_id);
    expect(csvDone).toMatchObject({ input_count: 2, error_count: 2, succcess_count: 0 });
    expect(csvDone.errors[0].message).toMatch(/not valid CSV/);

    const notArray = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: { opportunity_id: 'x' },
    });
    expect(notArray.status).toBe(200);
    const jsonDone = await completed(notArray.body.execution_id);
    expect(jsonDone).toMatchObject({ input_count: 1, error_count: 1, succcess_count: 0 });
    expect(jsonDone.errors[0].message).toMatch(/array/);

    const form = new FormData();
    form.append('file', new Blob(['this is not a zip']), 'fake.xlsx');
    const notZip = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=xlsx`, {
      body: form,
    });
    expect(notZip.status).toBe(200);
    const xlsxDone = await completed(notZip.body.execution_id);
    expect(xlsxDone).toMatchObject({ error_count: xlsxDone.input_count, succcess_count: 0 });
    expect(xlsxDone.errors[0].message).toMatch(/not an XLSX workbook/);
  });

  test('a CSV record over the size limit (an unclosed quote) fails the load instead of buffering the file', async () => {
    const upload = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=csv`, {
      body: `opportunity_id,name\nq1,"never closed ${'x'.repeat(1024 * 1024 + 10)}\nq2,two\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(200);
    const done = await completed(upload.body.execution_id);
    expect(done).toMatchObject({ succcess_count: 0, error_count: done.input_count });
    expect(done.errors[0].message).toMatch(/^file is not valid CSV: Max Record Size: .* 1048576 /);
  });

  test('a ZIP archive that is not a workbook fails with an error entry that explains', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'just a text file in a ZIP archive');
    zip.file('data/deals.csv', 'opportunity_id,name\nz1,Zipped\n');
    const form = new FormData();
    form.append('file', new Blob([await zip.generateAsync({ type: 'uint8array' })]), 'deals.xlsx');
    const upload = await sandbox.api(`/bulk/v1/bulkload/file?integration_id=${crm}`, { body: form });
    expect(upload.status).toBe(200);
    expect(upload.body.data_format).toBe('xlsx');
    const done = await completed(upload.body.execution_id);
    expect(done).toMatchObject({ input_count: 1, error_count: 1, succcess_count: 0 });
    expect(done.errors).toEqual([
      { id: '', message: expect.stringMatching(/no worksheet, so it is not an XLSX workbook/), data_row: {} },
    ]);
  });

  test('JSON elements that are not objects are reported as such, not as missing keys', async () => {
    const upload = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: ['a', 1, null, [1], { opportunity_id: 'js001', name: 'A real row' }],
    });
    expect(upload.status).toBe(200);
    const done = await completed(upload.body.execution_id, crm, '&include_errors=true&max_errors=10');
    expect(done).toMatchObject({ input_count: 5, error_count: 4, succcess_count: 1 });
    expect(done.errors.map((error: { id: string; message: string }) => [error.id, error.message])).toEqual(
      Array.from({ length: 4 }, () => ['', 'row is not a JSON object']),
    );
  });

  test('a short CSV row is reported by its shape, with its key', async () => {
    const upload = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=csv`, {
      body: 'opportunity_id,name,stage\nsh001,Short\n,Keyless and short\n',
      headers: { 'content-type': 'text/csv' },
    });
    const done = await completed(upload.body.execution_id, crm, '&include_errors=true');
    expect(done.errors.map((error: { id: string; message: string }) => [error.id, error.message])).toEqual([
      ['sh001', 'row has 2 values but the header row has 3 columns'],
      ['', 'row has 2 values but the header row has 3 columns'],
    ]);
  });

  test('JSON over the parse-at-once size: only its start is checked, a later syntax error fails the job', async () => {
    const padding = ' '.repeat(4 * 1024 * 1024 + 16);
    const truncated = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: `${padding}[{"opportunity_id": `,
      headers: { 'content-type': 'application/json' },
    });
    expect(truncated.status).toBe(200);
    const done = await completed(truncated.body.execution_id);
    expect(done).toMatchObject({ input_count: 1, error_count: 1, succcess_count: 0 });
    expect(done.errors[0].message).toMatch(/not valid JSON/);

    const notJson = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: `${padding}<rows/>`,
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('invalid_json');
  });

  test('a body that is not its declared content type is refused at once', async () => {
    const badJson = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: '[{"opportunity_id": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe('invalid_json');

    const mismatch = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}&data_format=json`, {
      body: 'a,b',
      headers: { 'content-type': 'text/csv' },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('content_type_mismatch');

    const binary = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
      body: new Uint8Array([0x61, 0x00, 0x62]),
      headers: { 'content-type': 'text/csv' },
    });
    expect(binary.status).toBe(400);
    expect(binary.body.code).toBe('invalid_body');

    const xml = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
      body: '<rows/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(xml.body.code).toBe('unsupported_media_type');

    const emptyXml = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
      body: '',
      headers: { 'content-type': 'application/xml' },
    });
    expect(emptyXml.status).toBe(400);
    expect(emptyXml.body.code).toBe('invalid_request');
    expect(emptyXml.body.message).toContain("header parameter 'Content-Type' must be one of");

    const notMultipart = await sandbox.api(`/bulk/v1/bulkload/file?integration_id=${crm}`, {
      body: 'a,b',
      headers: { 'content-type': 'text/csv' },
    });
    expect(notMultipart.status).toBe(415);
  });

  test('unknown integration or execution', async () => {
    const unknownIntegration = await sandbox.api('/bulk/v1/bulkload?integration_id=WS-Integration_nope', {
      body: 'a\n1',
      headers: { 'content-type': 'text/csv' },
    });
    expect(unknownIntegration.status).toBe(404);
    const accountsAsOpportunities = await sandbox.api(
      '/bulk/v1/bulkload_opportunity?integration_id=WS-Integration_crm_account',
      { body: 'a\n1', headers: { 'content-type': 'text/csv' } },
    );
    expect(accountsAsOpportunities.status).toBe(400);
    expect(accountsAsOpportunities.body.code).toBe('integration_mismatch');
    const unknownExecution = await status('doesnotexist');
    expect(unknownExecution.status).toBe(404);
    expect(unknownExecution.body.code).toBe('execution_not_found');
    const missingExecution = await sandbox.api(`/bulk/v1/status/${crm}`);
    expect(missingExecution.status).toBe(400);
    expect(missingExecution.body.message).toContain("query parameter 'execution_id' is required");
  });
});

describe('upload cap', () => {
  test('an upload over the cap is 413 payload_too_large', async () => {
    const sandbox = await startTestSandbox({ seed: false, uploadLimitBytes: 1024 });
    try {
      const big = `opportunity_id,name\n${'x1,'.padEnd(2000, 'y')}\n`;
      const body = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
        body: big,
        headers: { 'content-type': 'text/csv' },
      });
      expect(body.status).toBe(413);
      expect(body.body.code).toBe('payload_too_large');

      const form = new FormData();
      form.append('file', new Blob([big]), 'big.csv');
      const file = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, { body: form });
      expect(file.status).toBe(413);
      expect(file.body.code).toBe('payload_too_large');

      // A chunked body (no Content-Length) is cut off while streaming.
      const chunk = new TextEncoder().encode('x'.repeat(512));
      let pulled = 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (pulled++ < 100) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const chunked = await fetch(`${sandbox.url}/bulk/v1/bulkload?integration_id=${crm}`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          'x-ws-env': sandbox.credentials.hostname,
          authorization: `Bearer ${await sandbox.token()}`,
        },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(((await chunked.json()) as { code: string }).code).toBe('payload_too_large');

      const fine = await sandbox.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
        body: 'opportunity_id,name\nok1,Fine\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(fine.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

describe('bulk persistence', () => {
  test('a job still running at close() finishes after a restart with the same database file', async () => {
    const file = join(temporaryFolder('sandbox-bulk-'), 'sandbox.db');
    const first = await startTestSandbox({ databaseFile: file, seed: false });
    let executionId: string;
    try {
      await first.admin('/executions/pause', { method: 'POST' });
      const upload = await first.api(`/bulk/v1/bulkload?integration_id=${crm}`, {
        body: 'opportunity_id,name\nrs001,Restarted load\n',
        headers: { 'content-type': 'text/csv' },
      });
      executionId = upload.body.execution_id;
    } finally {
      await first.close();
    }
    const second = await startTestSandbox({ databaseFile: file, seed: false });
    try {
      const done = await waitFor('the bulk load to complete', async () => {
        const response = await second.api(`/bulk/v1/status/${crm}?execution_id=${executionId}`);
        return response.body.status === 'completed' ? response.body : undefined;
      });
      expect(done).toMatchObject({ input_count: 1, succcess_count: 1, error_count: 0 });
    } finally {
      await second.close();
    }
  });
});
