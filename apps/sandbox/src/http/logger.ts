/** Where the sandbox writes what it does; `console` fits. Nothing is logged when absent. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
