const mimeFormats: Record<string, string> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** The upload format of a file from its name's extension, else its MIME type, among `allowed`. */
export function fileFormat(
  file: { fileName?: string | undefined; mimeType?: string | undefined },
  allowed: readonly string[],
): string | undefined {
  const extension = file.fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension && allowed.includes(extension)) return extension;
  const fromMime = file.mimeType
    ? mimeFormats[file.mimeType.split(';')[0]?.trim().toLowerCase() ?? '']
    : undefined;
  return fromMime && allowed.includes(fromMime) ? fromMime : undefined;
}
