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
import { parsePositiveInteger } from './flag-parsers.js';
import { flagName } from './naming.js';
import { printHuman, printJson, renderRecords, startJsonList } from './output.js';
import { type GlobalOptions, type RunContext, withSession } from './session.js';

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
        await printList(context, globals, iterateReportList(session.client, limitOf(flags)), 'No reports.');
      });
    });
}

/**
 * `workspan report read <report-id>` reads every row, and is the group's default, so
 * `workspan report <report-id>` does the same. A subcommand rather than options on the group:
 * options of a group would take `--filters` away from `report get-data`.
 */
export function addReportShortcut(report: Command, context: RunContext): void {
  report
    .command('read', { isDefault: true })
    .summary('Read every row of a report, all pages (also: `workspan report <report-id>`).')
    .description(
      'Read every row of a report, reading all pages; `workspan report <report-id>` does the same.',
    )
    .argument('[report-id]', 'The report to read (see `workspan reports`).')
    .addOption(
      new Option(
        '--filters <json>',
        'Filters on report columns, as JSON text or @file.json (as for `report get-data`).',
      ),
    )
    // The earlier name, kept working.
    .addOption(new Option('--filter <json>').hideHelp().conflicts('filters'))
    .addOption(limitOption('rows'))
    .action(
      async (
        reportId: string | undefined,
        flags: { filters?: string; filter?: string; limit?: number },
        self: Command,
      ) => {
        // `workspan report` alone shows the group's help.
        if (reportId === undefined) report.help({ error: true });
        const filterFlag = flags.filter === undefined ? '--filters' : '--filter';
        const filterText = flags.filters ?? flags.filter;
        const filters =
          filterText === undefined
            ? undefined
            : ((await readJsonFlag(filterFlag, filterText)) as ReportFilterContainer);
        // Checked before connecting, like the generated commands.
        try {
          validateInput(catalogue.GetReportData, { reportId, ...(filters ? { filters } : {}) });
        } catch (error) {
          throw toFlagError(error, reportFlag(filterFlag));
        }
        await withSession(self, context, async (session, globals) => {
          const rows = iterateReportData(session.client, reportId as string, {
            ...limitOf(flags),
            ...(filters ? { filters } : {}),
          });
          try {
            await printList(context, globals, rows, 'No rows.');
          } catch (error) {
            throw toFlagError(error, reportFlag(filterFlag));
          }
        });
      },
    );
}

const reportFlag = (filterFlag: string) => (field: string) =>
  field === 'reportId' ? '<report-id>' : field === 'filters' ? filterFlag : flagName(field);

function limitOption(what: string): Option {
  return new Option('--limit <n>', `Stop after this many ${what}.`).argParser(
    parsePositiveInteger('--limit'),
  );
}

function limitOf(flags: { limit?: number }): { limit?: number } {
  return flags.limit === undefined ? {} : { limit: flags.limit };
}

/**
 * Lists read over several pages print as the API's page shape, `{ "results": [...] }`, each row as
 * it arrives; a table needs every row for its column widths, so it waits for all of them.
 */
async function printList(
  context: RunContext,
  globals: GlobalOptions,
  rows: AsyncIterable<Record<string, unknown>>,
  empty: string,
): Promise<void> {
  const { stdout } = context.io;
  if (globals.json) {
    const list = startJsonList(stdout);
    for await (const row of rows) list.add(row);
    list.end();
    return;
  }
  const results: Record<string, unknown>[] = [];
  for await (const row of rows) results.push(row);
  if (results.length === 0) printHuman(stdout, empty);
  else stdout.write(`${renderRecords(results)}\n`);
}
