import {
  catalogue,
  iterateReportData,
  iterateReportList,
  type ReportFilterContainer,
  validateInput,
} from '@workspan-kit/core';
import { type Command, Option } from 'commander';
import { toFlagError } from './errors.js';
import { readJsonFlag } from './field-options.js';
import { flagName } from './naming.js';
import { parsePositiveInteger } from './operation-command.js';
import { printHuman, printJson, renderRecords } from './output.js';
import { type GlobalOptions, openSession, type RunContext } from './session.js';

/** Short names for the lists people look up most: integrations, events, reports, a report's rows. */
export function addConvenienceCommands(program: Command, context: RunContext): void {
  const group = 'Shortcuts:';
  program
    .command('integrations')
    .helpGroup(group)
    .description('List the integrations configured in WorkSpan (same as `metadata list-integrations`).')
    .action(async (_flags: unknown, self: Command) => {
      await withSession(self, context, async (session, globals) => {
        const answer = await session.client.call('GetIntegrationList', {});
        if (globals.json) printJson(context.io.stdout, answer);
        else context.io.stdout.write(`${renderRecords(answer.integrations, 'No integrations.')}\n`);
      });
    });

  program
    .command('events')
    .helpGroup(group)
    .description('List the collaboration events that can be subscribed to (same as `metadata list-events`).')
    .action(async (_flags: unknown, self: Command) => {
      await withSession(self, context, async (session, globals) => {
        const answer = await session.client.call('GetEventList', {});
        if (globals.json) printJson(context.io.stdout, answer);
        else context.io.stdout.write(`${renderRecords(answer.events, 'No events.')}\n`);
      });
    });

  program
    .command('reports')
    .helpGroup(group)
    .description('List every report, reading all pages (`report list` reads one page).')
    .addOption(limitOption('reports'))
    .action(async (flags: { limit?: number }, self: Command) => {
      await withSession(self, context, async (session, globals) => {
        const results = [];
        for await (const report of iterateReportList(session.client, limitOf(flags))) results.push(report);
        printList(context, globals, results, 'No reports.');
      });
    });
}

/**
 * `workspan report <report-id>` reads every row; it lives on the generated `report` group, whose
 * subcommands (`list`, `get-data`) still win when named.
 */
export function addReportShortcut(report: Command, context: RunContext): void {
  report
    .argument('[report-id]', 'Read every row of this report (see `workspan reports`); or name a subcommand.')
    .addOption(
      new Option(
        '--filter <json>',
        'With a report id: filters on report columns, as JSON text or @file.json.',
      ),
    )
    .addOption(limitOption('rows'))
    .action(
      async (reportId: string | undefined, flags: { filter?: string; limit?: number }, self: Command) => {
        if (reportId === undefined) self.help({ error: true });
        const filters =
          flags.filter === undefined
            ? undefined
            : ((await readJsonFlag('--filter', flags.filter)) as ReportFilterContainer);
        // Checked before connecting, like the generated commands.
        try {
          validateInput(catalogue.GetReportData, { reportId, ...(filters ? { filters } : {}) });
        } catch (error) {
          throw toFlagError(error, reportFlag);
        }
        await withSession(self, context, async (session, globals) => {
          const rows = [];
          try {
            for await (const row of iterateReportData(session.client, reportId as string, {
              ...limitOf(flags),
              ...(filters ? { filters } : {}),
            }))
              rows.push(row);
          } catch (error) {
            throw toFlagError(error, reportFlag);
          }
          printList(context, globals, rows, 'No rows.');
        });
      },
    );
}

const reportFlag = (field: string) =>
  field === 'reportId' ? '<report-id>' : field === 'filters' ? '--filter' : flagName(field);

function limitOption(what: string): Option {
  return new Option('--limit <n>', `Stop after this many ${what}.`).argParser(
    parsePositiveInteger('--limit'),
  );
}

function limitOf(flags: { limit?: number }): { limit?: number } {
  return flags.limit === undefined ? {} : { limit: flags.limit };
}

/** Lists read over several pages print as the API's page shape, `{ "results": [...] }`. */
function printList(
  context: RunContext,
  globals: GlobalOptions,
  results: Record<string, unknown>[],
  empty: string,
) {
  if (globals.json) printJson(context.io.stdout, { results });
  else if (results.length === 0) printHuman(context.io.stdout, empty);
  else context.io.stdout.write(`${renderRecords(results)}\n`);
}

async function withSession(
  command: Command,
  context: RunContext,
  work: (session: Awaited<ReturnType<typeof openSession>>, globals: GlobalOptions) => Promise<void>,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const session = await openSession(globals, context);
  try {
    await work(session, globals);
  } finally {
    await session.close();
  }
}
