import { catalogue, getResource, type OperationId, operationIds } from '@workspan-kit/core';
import { Redactor } from '@workspan-kit/core/internal';
import { Command, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { addConvenienceCommands, addReportShortcut } from './convenience-commands.js';
import { reportError } from './errors.js';
import { addHelpCommand } from './help-command.js';
import { type CliIO, endedByClosedOutput, processIO } from './io.js';
import { addListenCommand } from './listen-command.js';
import { commandPath } from './naming.js';
import { addOperationCommand, commandOperations } from './operation-command.js';
import { addSandboxCommand } from './sandbox-command.js';
import type { GlobalOptions, RunContext } from './session.js';
import { escapeLinesForTerminal } from './terminal-text.js';
import { addTourCommand } from './tour-command.js';

const listenDescription =
  'Receive WorkSpan events here: subscribe a local receiver, print each event, unsubscribe on exit.';

/** The whole `workspan` program; every operation command is generated from the core catalogue. */
export function createProgram(io: CliIO = processIO()): Command {
  return buildProgram({ io, redactor: new Redactor() });
}

function buildProgram(context: RunContext): Command {
  const { io } = context;
  const program = new Command('workspan')
    .description('Every WorkSpan API operation from the command line, event listening, and a local sandbox.')
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(escapeLinesForTerminal(context.redactor.redact(text))),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
    .showSuggestionAfterError();
  addGlobalOptions(program);

  const groups = new Map<string, Command>();
  const groupOf = (name: string, description: string) => {
    let group = groups.get(name);
    if (!group) {
      group = program
        .command(name)
        .description(description)
        .helpGroup(name === 'listen' ? 'Events:' : 'Operations:');
      addHelpCommand(group);
      groups.set(name, group);
    }
    return group;
  };
  for (const id of operationIds) {
    const operation = catalogue[id];
    const [groupName, name] = commandPath(operation);
    const description =
      groupName === 'listen' ? listenDescription : getResource(operation.resource).description;
    const add = operation.kind === 'trigger' ? addListenCommand : addOperationCommand;
    add(groupOf(groupName, description), name, operation, context);
    // The operationId works too (`workspan BulkloadData ...`), kept out of the help list.
    // Grouped although hidden, so they do not open a stray "Commands:" section early in help.
    add(program, id, operation, context, { hidden: true }).helpGroup('Operations:');
  }
  addReportShortcut(groupOf('report', getResource('report').description), context);
  addConvenienceCommands(program, context);
  addSandboxCommand(program, context);
  addTourCommand(program, context, run);
  addHelpCommand(program);
  return program;
}

function addGlobalOptions(program: Command): void {
  const connection = 'Connection (default: flags, then WORKSPAN_* variables, then the profile):';
  program
    .addOption(
      new Option(
        '--environment <name>',
        '"production" (https://api.workspan.com), "sandbox" (https://api-sandbox.workspan.com, shared by every WorkSpan sandbox), or a base URL (env WORKSPAN_ENVIRONMENT).',
      ).helpGroup(connection),
    )
    .addOption(
      new Option('--client-id <id>', 'Application user id (env WORKSPAN_CLIENT_ID).').helpGroup(connection),
    )
    .addOption(
      new Option(
        '--client-secret <secret>',
        'Application user secret (env WORKSPAN_CLIENT_SECRET, preferred: flags show in process lists).',
      ).helpGroup(connection),
    )
    .addOption(
      new Option(
        '--hostname <hostname>',
        "WorkSpan app hostname, sent as x-ws-env: app.workspan.com in production; your sandbox's own (e.g. uat.workspan.com, demo.workspan.com) on the shared sandbox API (env WORKSPAN_HOSTNAME).",
      ).helpGroup(connection),
    )
    .addOption(
      new Option(
        '--profile <name>',
        'Profile in ~/.config/workspan/profiles.json or $WORKSPAN_PROFILE_FILE (default: "default").',
      ).helpGroup(connection),
    )
    .addOption(
      new Option('--json', 'Print the API answer as JSON on stdout, nothing else.').helpGroup('Output:'),
    )
    .addOption(
      new Option('--debug', 'Log each request on stderr and show stack traces.').helpGroup('Output:'),
    );
}

/** Runs the program with `argv` (without node and script); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const context: RunContext = { io, redactor: new Redactor() };
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (endedByClosedOutput(error)) return 0;
    const debug = Boolean(program.opts<GlobalOptions>().debug) || argv.includes('--debug');
    const report = reportError(error, { debug });
    // Messages may carry API text (an error's detail): escaped like every other output.
    if (report.message)
      io.stderr.write(`${escapeLinesForTerminal(context.redactor.redact(report.message))}\n`);
    return report.exitCode;
  }
}

/** Each operationId's command path (`BulkloadData` → `bulk-load load-data`), read off the built program. */
export function listOperationCommands(): Record<OperationId, string> {
  const program = createProgram();
  const paths = {} as Record<OperationId, string>;
  const visit = (command: Command, prefix: string[]) => {
    for (const sub of command.commands) {
      const path = [...prefix, sub.name()];
      const operationId = commandOperations.get(sub);
      if (operationId) paths[operationId] = path.join(' ');
      visit(sub, path);
    }
  };
  visit(program, []);
  return paths;
}
