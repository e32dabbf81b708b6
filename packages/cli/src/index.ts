export { type CliIO, type OutputStream, processIO } from './io.js';
export { describeDelivery } from './listen-command.js';
export { commandPath, flagName, kebabCase } from './naming.js';
export { createProgram, listOperationCommands, run } from './program.js';
