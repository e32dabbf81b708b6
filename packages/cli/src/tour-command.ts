import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliIO, OutputStream } from './io.js';
import type { RunContext } from './session.js';

type Runner = (argv: readonly string[], io: CliIO) => Promise<number>;

const integrationId = 'WS-Integration_crm_opportunity';

/** Opportunities from a CRM export; three rows are wrong on purpose, so the load reports them. */
const tourCsv = [
  'opportunity_id,name,stage,amount,close_date,partner',
  '006TOUR0001,Contoso — Azure data platform,proposal,180000,2026-12-15,P1',
  '006TOUR0002,Fabrikam — Teams rollout,qualification,42000,2027-01-31,P2',
  '006TOUR0003,Northwind — SAP on Azure,negotiation,310000,2026-12-20,P1',
  '006TOUR0004,Adatum — security review,prospecting,15000,20-jan-2027,P3',
  '006TOUR0005,Litware — contact center,proposal,-,2027-02-28,P2',
  ',Tailspin — missing CRM id,proposal,75000,2027-03-01,P4',
  '006TOUR0007,Woodgrove — analytics,won,98000,2026-11-30,P5',
  '006TOUR0008,Proseware — migration,closed,60000,2026-12-01,P1',
].join('\n');

/** `workspan tour`: a guided run through every kind of operation, on a sandbox of its own. */
export function addTourCommand(program: Command, context: RunContext, runCommand: Runner): void {
  program
    .command('tour')
    .helpGroup('Local:')
    .description(
      'A guided tour on a private in-memory sandbox: bulk load, external ids, audit, reports, events.',
    )
    .action(async () => {
      await runTour(context.io, runCommand);
    });
}

async function runTour(io: CliIO, runCommand: Runner): Promise<void> {
  const { startSandbox } = await import('@workspan-kit/sandbox');
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  const folder = await mkdtemp(join(tmpdir(), 'workspan-tour-'));
  const out = io.stdout;
  const env = {
    ...io.env,
    WORKSPAN_ENVIRONMENT: sandbox.url,
    WORKSPAN_CLIENT_ID: sandbox.credentials.clientId,
    WORKSPAN_CLIENT_SECRET: sandbox.credentials.clientSecret,
    WORKSPAN_HOSTNAME: sandbox.credentials.hostname,
  };
  let stepNumber = 0;
  const step = (title: string, explanation: string) => {
    stepNumber++;
    out.write(`\n${bold(`${stepNumber}. ${title}`, out)}\n${explanation}\n`);
  };
  const workspan = async (args: string[], options: { capture?: boolean; stderr?: OutputStream } = {}) => {
    if (!options.capture) out.write(`\n  $ workspan ${args.map(quote).join(' ')}\n`);
    let captured = '';
    const indented = indent(out);
    const code = await runCommand(args, {
      ...io,
      env,
      handleSignals: false,
      stdout: options.capture ? { write: (text: string) => (captured += text) } : indented,
      stderr: options.stderr ?? indented,
    });
    if (code !== 0) throw new Error(`the tour stopped: \`workspan ${args.join(' ')}\` exited with ${code}`);
    return captured;
  };

  try {
    out.write(
      `${bold('A tour of workspan-kit', out)}\n` +
        `A WorkSpan sandbox is running at ${sandbox.url} for this tour only (in memory, tenant ${sandbox.credentials.hostname}).\n` +
        'Every command below is the `workspan` CLI talking to it over HTTP, exactly as it would talk to WorkSpan.\n',
    );

    step(
      'Integrations',
      'Bulk loads, triggers and status calls all name an integration. These are the configured ones:',
    );
    await workspan(['integrations']);

    const csvPath = join(folder, 'crm-export.csv');
    await writeFile(csvPath, `${tourCsv}\n`);
    step(
      'Bulk-load a CRM export',
      'Eight opportunities from a CSV file, three of them with mistakes. The file is streamed; --wait follows the load to the end.',
    );
    await workspan([
      'bulk-load',
      'load-data-file',
      '--integration-id',
      integrationId,
      '--data-format',
      'csv',
      '--file',
      csvPath,
      '--wait',
      '--poll-interval',
      '1000',
    ]);

    step(
      'Find the loaded opportunity',
      'Read a report with a filter: the row of CRM id 006TOUR0001 carries its WorkSpan id.',
    );
    const filter = JSON.stringify({
      op: 'AND',
      fieldFilters: [{ colId: 'crm_id', type: 'TEXT', filter: { op: 'EQUAL_TO', value: '006TOUR0001' } }],
    });
    await workspan(['report', 'get-data', '--report-id', '1001', '--filters', filter]);
    const rows = JSON.parse(
      await workspan(['report', 'get-data', '--report-id', '1001', '--filters', filter, '--json'], {
        capture: true,
      }),
    );
    const objectId = rows.results?.[0]?.object_id as string | undefined;
    if (!objectId) throw new Error('the tour stopped: the loaded opportunity was not found in the report');
    out.write(`  → ${objectId}\n`);

    step(
      'Connect an external id',
      'Record the Partner Center referral id on the opportunity, then read every external id back.',
    );
    await workspan([
      'object',
      'connect-external-id',
      '--object-id',
      objectId,
      '--field-name',
      'partner_center.referral_id',
      '--external-id',
      'PC-REF-2026-0001',
    ]);
    await workspan(['object', 'get-external-id', '--object-id', objectId]);

    step(
      'Record an audit status',
      'Tell WorkSpan the referral is linked; it lands in the object’s audit log.',
    );
    await workspan([
      'object',
      'add-audit',
      '--object-id',
      objectId,
      '--status-code',
      'LINKED',
      '--message',
      'Referral created in Partner Center',
      '--external-id',
      'PC-REF-2026-0001',
    ]);

    step('Reports', 'Every report of the tenant, all pages read for you:');
    await workspan(['reports']);
    step('Read a report with a filter', 'Won or closed deals of partner P1, at most five rows:');
    await workspan([
      'report',
      '1001',
      '--filters',
      JSON.stringify({
        op: 'AND',
        fieldFilters: [
          { colId: 'stage', type: 'TEXT', filter: { op: 'IN', values: ['won', 'closed'] } },
          { colId: 'partner', type: 'TEXT', filter: { op: 'EQUAL_TO', value: 'P1' } },
        ],
      }),
      '--limit',
      '5',
    ]);

    step(
      'Subscribe to object events and receive one',
      'A local receiver subscribes to stage changes of P1 deals, the deal is marked won, the event arrives, and the subscription is deleted on exit.',
    );
    let listening: () => void = () => {};
    const subscribed = new Promise<void>((resolve) => {
      listening = resolve;
    });
    const indented = indent(out);
    const listenRun = workspan(
      [
        'listen',
        'object',
        '--integration-id',
        integrationId,
        '--events',
        'object.stage_change',
        '--filters',
        '(sales_details.partner = "P1") AND (stage in ["won", "lost"])',
        '--name',
        'workspan tour',
        '--max-events',
        '1',
      ],
      {
        stderr: {
          write: (text: string) => {
            indented.write(text);
            if (text.startsWith('Listening for')) listening();
          },
        },
      },
    );
    await Promise.race([subscribed, listenRun]);
    out.write(`\n  (meanwhile, in WorkSpan, someone marks ${objectId} as won)\n`);
    const changed = await fetch(`${sandbox.url}/_sandbox/objects/${encodeURIComponent(objectId)}/stage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ws-env': sandbox.credentials.hostname },
      body: JSON.stringify({ stage: 'won' }),
    });
    if (!changed.ok)
      throw new Error(`the tour stopped: the sandbox refused the stage change (HTTP ${changed.status})`);
    await listenRun;

    out.write(
      `\n${bold('That was every kind of operation.', out)} Next:\n` +
        '  workspan --help                      every command; each one has --help and --json\n' +
        '  workspan sandbox --db sandbox.db     a sandbox of your own that keeps its data\n' +
        '  WORKSPAN_ENVIRONMENT=production ...  the same commands against WorkSpan itself\n',
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
    await sandbox.close();
  }
}

function indent(stream: OutputStream): OutputStream {
  let atLineStart = true;
  return {
    write(text: string) {
      let result = '';
      for (const character of text) {
        if (atLineStart && character !== '\n') result += '    ';
        result += character;
        atLineStart = character === '\n';
      }
      return stream.write(result);
    },
  };
}

function bold(text: string, stream: OutputStream): string {
  return stream.isTTY ? `\u001b[1m${text}\u001b[22m` : text;
}

function quote(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`;
}
