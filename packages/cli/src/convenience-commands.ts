import {
  type AnyOperation,
  catalogue,
  type FieldDefinition,
  type ListSource,
  listSources,
  type RunPlan,
} from '@workspan-kit/core';
import { type Command, Option } from 'commander';
import { readJsonFlag } from './field-options.js';
import { commandPath, flagName } from './naming.js';
import { givenValue, type PrintOptions, planFromFlags, runAndPrint } from './operation-command.js';
import { type RunContext, withSession } from './session.js';

const operations = Object.values(catalogue) as AnyOperation[];

/** The paged operation whose first field is chosen from a list source: reading a report's rows. */
function pagedReadOf(source: ListSource): { operation: AnyOperation; field: string } | undefined {
  for (const operation of operations) {
    if (!operation.behaviours.paging) continue;
    const field = (Object.entries(operation.fields) as [string, FieldDefinition][]).find(
      ([, definition]) => definition.listSource === source,
    );
    if (field) return { operation, field: field[0] };
  }
  return undefined;
}

/**
 * Short names for the lists people look up most, one per list source of the catalogue
 * (`workspan integrations`, `events`, `reports`): every item, all pages.
 */
export function addConvenienceCommands(program: Command, context: RunContext): void {
  for (const [source, definition] of Object.entries(listSources) as [
    ListSource,
    (typeof listSources)[ListSource],
  ][]) {
    const operation = catalogue[definition.operation] as AnyOperation;
    const paged = operation.behaviours.paging !== undefined;
    const command = program
      .command(source)
      .helpGroup('Shortcuts:')
      .description(
        `${operation.description} Every one${paged ? ', all pages' : ''} (same as \`workspan ${commandPath(operation).join(' ')}\`).`,
      );
    if (paged) command.addOption(limitOption(source));
    command.action(async (flags: { limit?: string }, self: Command) => {
      const plan = planFromFlags(operation, {}, paged ? pagingValues(flags) : {});
      await withListSession(self, context, plan, {
        empty: `No ${source}.`,
        collection: definition.collection,
      });
    });
  }
}

/**
 * `workspan report read <report-id>` reads every row, and is the group's default, so
 * `workspan report <report-id>` does the same. A subcommand rather than options on the group:
 * options of a group would take `--filters` away from `report get-data`.
 */
export function addReportShortcut(report: Command, context: RunContext): void {
  const read = pagedReadOf('reports');
  if (!read) return;
  const { operation, field } = read;
  const argument = `<${flagName(field).slice(2)}>`;
  report
    .command('read', { isDefault: true })
    .summary('Read every row of a report, all pages (also: `workspan report <report-id>`).')
    .description(
      'Read every row of a report, reading all pages; `workspan report <report-id>` does the same.',
    )
    .argument(`[${argument.slice(1, -1)}]`, 'The report to read (see `workspan reports`).')
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
        id: string | undefined,
        flags: { filters?: string; filter?: string; limit?: string },
        self: Command,
      ) => {
        // `workspan report` alone shows the group's help.
        if (id === undefined) report.help({ error: true });
        const filterFlag = flags.filter === undefined ? '--filters' : '--filter';
        const filterText = flags.filters ?? flags.filter;
        const filters = filterText === undefined ? undefined : await readJsonFlag(filterFlag, filterText);
        const nameFlag = (name: string) =>
          name === field ? argument : name === 'filters' ? filterFlag : flagName(name);
        const plan = planFromFlags(
          operation,
          { [field]: id, ...(filters === undefined ? {} : { filters }) },
          pagingValues(flags),
          nameFlag,
        );
        await withListSession(self, context, plan, { empty: 'No rows.', nameFlag });
      },
    );
}

function limitOption(what: string): Option {
  return new Option('--limit <n>', `Stop after this many ${what} (default: all of them).`);
}

/** Shortcuts read everything unless given a limit. */
const pagingValues = (flags: { limit?: string }) =>
  flags.limit === undefined ? { returnAll: true } : { limit: givenValue('--limit', flags.limit) };

async function withListSession(
  command: Command,
  context: RunContext,
  plan: RunPlan,
  options: PrintOptions,
): Promise<void> {
  await withSession(command, context, async (session, globals) => {
    await runAndPrint(session.client, plan, context, globals, options);
  });
}
