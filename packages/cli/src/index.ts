// The command line as a library: run it in-process, build its program, or list which command
// runs which operation (the conformance matrix reads that).
export type { CliIO, OutputStream } from './io.js';
export { createProgram, listOperationCommands, run } from './program.js';
