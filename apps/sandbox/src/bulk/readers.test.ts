import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { temporaryFolder } from '../test-support/test-sandbox.js';
import { cellValue, type InputRow, openInput } from './readers.js';

describe('XLSX streaming reader', () => {
  test('reads the first sheet with the same cell values as the whole-workbook reader', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('Deals');
    first.addRow(['opportunity_id', 'name', 'close_date', 'amount', 'due', 'link', 'ok']);
    first.addRow([
      'x1',
      { richText: [{ text: 'Rich ' }, { font: { bold: true }, text: 'text' }] },
      new Date(Date.UTC(2025, 5, 30)),
      42000.5,
      { formula: 'C2+1', result: new Date(Date.UTC(2025, 6, 1)) },
      { text: 'site', hyperlink: 'https://example.com' },
      true,
    ]);
    first.getCell('E2').numFmt = 'yyyy-mm-dd';
    first.addRow([]);
    first.addRow(['x2', 'Plain', '', { formula: '1+1', result: 2 }]);
    workbook.addWorksheet('Other').addRow(['ignored', 'sheet']);
    const path = join(temporaryFolder('xlsx-'), 'data.xlsx');
    writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));

    const whole = new ExcelJS.Workbook();
    await whole.xlsx.readFile(path);
    const expected: unknown[][] = [];
    whole.worksheets[0]?.eachRow({ includeEmpty: false }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = Array.from({ length: values.length }, (_, i) => cellValue(values[i]));
      if (cells.some((cell) => cell !== '')) expected.push(cells);
    });

    const input = await openInput(path, {
      format: 'xlsx',
      delimiter: ',',
      hasHeaderRow: false,
      declaredColumns: [],
    });
    expect(input.inputCount).toBe(expected.length);
    const header = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const withHeader = await openInput(path, {
      format: 'xlsx',
      delimiter: ',',
      hasHeaderRow: false,
      declaredColumns: header,
    });
    const rows: InputRow[] = [];
    for await (const row of withHeader.rows()) rows.push(row);
    expect(
      rows.map((row) => header.slice(0, Object.keys(row.values).length).map((k) => row.values[k])),
    ).toEqual(expected);
    expect(expected[1]).toEqual(['x1', 'Rich text', '2025-06-30', 42000.5, '2025-07-01', 'site', true]);
  });
});
