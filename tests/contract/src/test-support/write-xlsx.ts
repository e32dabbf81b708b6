import ExcelJS from 'exceljs';

/** Writes a one-sheet workbook: a header row, then the rows. */
export async function writeXlsx(path: string, header: string[], rows: unknown[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Opportunities');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}
