export type LogFields = Record<string, string | number | boolean | undefined>;

/** Where the relay reports; it never passes tokens or callback paths (they hold the route secret). */
export interface RelayLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentRelayLogger: RelayLogger = { info() {}, warn() {}, error() {} };

/** One JSON object per line on stderr, as container platforms collect them. */
export function jsonLineLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
): RelayLogger {
  const log =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
