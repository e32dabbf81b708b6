import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { parser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import type { DataFormat } from '../model/types.js';

/** One record of an input file, keyed by column name; `problem` is set when its shape is wrong. */
export interface InputRow {
  values: Record<string, unknown>;
  problem?: string;
}

/** The whole file cannot be read as its format: the job fails every input row. */
export class UnparseableFileError extends Error {
  constructor(
    message: string,
    readonly inputCount: number,
  ) {
    super(message);
    this.name = 'UnparseableFileError';
  }
}

export interface ReadOptions {
  format: DataFormat;
  delimiter: string;
  hasHeaderRow: boolean;
  /** Column names used when the file has no header row (the integration's declared order). */
  declaredColumns: string[];
}

/** An opened input: how many records it has, and the records. */
export interface OpenedInput {
  inputCount: number;
  rows(): AsyncIterable<InputRow>;
}

export async function openInput(path: string, options: ReadOptions): Promise<OpenedInput> {
  switch (options.format) {
    case 'csv':
      return openCsv(path, options);
    case 'json':
      return openJson(path);
    case 'xlsx':
      return openXlsx(path, options);
  }
}

// ---- CSV ----

/** Characters one CSV record may hold: an unclosed quote would otherwise buffer the whole file. */
export const maxCsvRecordCharacters = 1024 * 1024;

function csvRecords(path: string, delimiter: string): AsyncIterable<string[]> {
  const parser = parse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: maxCsvRecordCharacters,
  });
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  return input.pipe(parser);
}

async function countDataLines(path: string, hasHeaderRow: boolean): Promise<number> {
  let lines = 0;
  let nonBlank = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' }) as AsyncIterable<string>) {
    for (const char of chunk) {
      if (char === '\n') {
        if (nonBlank) lines++;
        nonBlank = false;
      } else if (char !== '\r' && char !== ' ' && char !== '\t') nonBlank = true;
    }
  }
  if (nonBlank) lines++;
  return Math.max(1, hasHeaderRow ? lines - 1 : lines);
}

async function openCsv(path: string, options: ReadOptions): Promise<OpenedInput> {
  // First pass: the file must parse completely before any row is applied.
  let records = 0;
  try {
    for await (const _record of csvRecords(path, options.delimiter)) records++;
  } catch (error) {
    throw new UnparseableFileError(
      `file is not valid CSV: ${(error as Error).message}`,
      await countDataLines(path, options.hasHeaderRow),
    );
  }
  const inputCount = options.hasHeaderRow ? Math.max(0, records - 1) : records;
  return {
    inputCount,
    async *rows() {
      let header: string[] | undefined = options.hasHeaderRow ? undefined : options.declaredColumns;
      for await (const record of csvRecords(path, options.delimiter)) {
        if (!header) {
          header = record.map((name) => name.trim());
          continue;
        }
        yield toRow(header, record, options.hasHeaderRow, !options.hasHeaderRow);
      }
    },
  };
}

/**
 * Pairs cells with column names. Extra non-blank cells are always a problem; a short row is one only
 * when `allowShort` is false: CSV with a header row must have every column, while CSV without one
 * (columns the integration declares) and XLSX rows may omit trailing values.
 */
function toRow(header: string[], cells: unknown[], hasHeaderRow: boolean, allowShort: boolean): InputRow {
  const values: Record<string, unknown> = {};
  header.forEach((name, i) => {
    if (name !== '' && i < cells.length) values[name] = cells[i];
  });
  const extra = cells
    .slice(header.length)
    .filter((cell) => cell !== '' && cell !== null && cell !== undefined);
  if (extra.length > 0 || (!allowShort && cells.length < header.length)) {
    const what = hasHeaderRow ? 'the header row has' : 'the integration declares';
    return { values, problem: `row has ${cells.length} values but ${what} ${header.length} columns` };
  }
  return { values };
}

// ---- JSON ----

/** The elements of a JSON file's top-level array, one at a time: the file is never held whole. */
async function* jsonArrayItems(path: string): AsyncIterable<{ key: number; value: unknown }> {
  const items = streamArray.asStream();
  const flowing = pipeline(createReadStream(path), parser.asStream(), items);
  // A failure anywhere destroys `items`, so it surfaces in the loop below.
  flowing.catch(() => {});
  yield* items as AsyncIterable<{ key: number; value: unknown }>;
  await flowing;
}

/** One pass counts the elements and proves the file is a JSON array; a second streams them. */
async function openJson(path: string): Promise<OpenedInput> {
  let inputCount = 0;
  try {
    for await (const _item of jsonArrayItems(path)) inputCount++;
  } catch (error) {
    const message = (error as Error).message;
    if (/top-level object should be an array/i.test(message)) {
      throw new UnparseableFileError(
        'JSON data must be an array of objects: [ { "column": value, … }, … ]',
        1,
      );
    }
    throw new UnparseableFileError(`file is not valid JSON: ${message}`, Math.max(1, inputCount));
  }
  return {
    inputCount,
    async *rows() {
      for await (const { value } of jsonArrayItems(path)) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          yield { values: {}, problem: 'row is not a JSON object' };
        } else {
          yield { values: value as Record<string, unknown> };
        }
      }
    },
  };
}

// ---- XLSX ----

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return (
      bytesRead === 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04
    );
  } finally {
    await handle.close();
  }
}

function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** An exceljs cell value as a plain value (text, number, boolean, date string). */
export function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) return v.richText.map((part: { text?: string }) => part.text ?? '').join('');
  if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellValue(v.result);
  if ('text' in v) return cellValue(v.text);
  if ('error' in v) return String(v.error);
  return String(value);
}

/** As exceljs's own `isDateFmt`: a number format with date/time characters outside quotes and brackets. */
function isDateFormat(format: unknown): boolean {
  if (typeof format !== 'string' || format === '') return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const excelToDate = (serial: number, date1904: boolean): Date =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

interface StreamedWorkbook {
  model?: { sheets?: { id?: number; name?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/**
 * The non-blank rows of the first sheet, as plain cell values, read with exceljs's streaming reader
 * (the workbook is never held in memory). Formula results in a date format become dates, as the
 * whole-workbook reader makes them.
 */
async function* xlsxRecords(path: string): AsyncGenerator<unknown[]> {
  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles are needed to tell dates from numbers.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const workbook = reader as unknown as StreamedWorkbook;
  try {
    let found = false;
    for await (const worksheet of reader) {
      // Only the first sheet in workbook order (as `workbook.worksheets[0]`) gives rows; the others
      // are still read through, so a broken sheet anywhere fails the file as before.
      const sheets = workbook.model?.sheets ?? [];
      const name = (worksheet as unknown as { name?: string }).name;
      const isFirst = !found && (!sheets.some((s) => s.name === name) || sheets[0]?.name === name);
      if (!isFirst) {
        for await (const _row of worksheet);
        continue;
      }
      found = true;
      const date1904 = workbook.properties?.model?.date1904 === true;
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        const cells = Array.from({ length: values.length }, (_, i) => {
          const value = values[i] as unknown;
          if (value !== null && typeof value === 'object' && 'formula' in value) {
            const formula = value as { result?: unknown };
            if (typeof formula.result === 'number' && isDateFormat(row.getCell(i + 1).numFmt)) {
              return cellValue({ ...formula, result: excelToDate(formula.result, date1904) });
            }
          }
          return cellValue(value);
        });
        if (cells.some((cell) => cell !== '')) yield cells;
      }
    }
    // A ZIP archive without worksheets (any other ZIP file) is not a workbook.
    if (!found) throw new Error('the ZIP archive has no worksheet, so it is not an XLSX workbook');
  } finally {
    input.destroy();
  }
}

async function openXlsx(path: string, options: ReadOptions): Promise<OpenedInput> {
  if (!(await isZip(path)))
    throw new UnparseableFileError('file is not an XLSX workbook (not a ZIP archive)', 1);
  // First pass: the workbook must read completely before any row is applied; only counts are kept.
  let records = 0;
  try {
    for await (const _cells of xlsxRecords(path)) records++;
  } catch (error) {
    throw new UnparseableFileError(`file is not a readable XLSX workbook: ${(error as Error).message}`, 1);
  }
  return {
    inputCount: options.hasHeaderRow ? Math.max(0, records - 1) : records,
    async *rows() {
      let header: string[] | undefined = options.hasHeaderRow ? undefined : options.declaredColumns;
      for await (const cells of xlsxRecords(path)) {
        if (!header) {
          header = cells.map((name) => String(name).trim());
          continue;
        }
        yield toRow(header, cells, options.hasHeaderRow, true);
      }
    },
  };
}
