#!/usr/bin/env node
import { definedIds, load } from './matrix-readers/built.mjs';
// The conformance matrix: every operation of the connector × every host, each cell read from the
// host's built artifact. Exits 1 while a host that exists lacks an operation.
import { readCli } from './matrix-readers/cli.mjs';
import { readCore } from './matrix-readers/core.mjs';
import { readGitHubAction } from './matrix-readers/github-action.mjs';
import { readMcp } from './matrix-readers/mcp.mjs';
import { readN8n } from './matrix-readers/n8n.mjs';
import { readNodeRed } from './matrix-readers/node-red.mjs';

const json = process.argv.includes('--json');

/** Each reader returns the set of operation ids the built host exposes, or undefined when the host is not built. */
const hosts = {
  core: readCore,
  cli: readCli,
  n8n: readN8n,
  'node-red': readNodeRed,
  'github-action': readGitHubAction,
  mcp: readMcp,
};

const coverage = {};
for (const [name, read] of Object.entries(hosts)) coverage[name] = await read();

const core = await load('packages/core/dist/index.js');
const ids = [...new Set([...definedIds, ...(core ? Object.keys(core.catalogue) : [])])];
const kindOf = (id) => core?.catalogue[id]?.kind ?? 'missing';

const operations = ids.map((id) => ({
  id,
  kind: kindOf(id),
  hosts: Object.fromEntries(
    Object.entries(coverage).map(([host, covered]) => [host, covered ? covered.has(id) : null]),
  ),
}));
const missing = operations.flatMap((operation) =>
  Object.entries(operation.hosts)
    .filter(([, present]) => present === false)
    .map(([host]) => `${operation.id} in ${host}`),
);

if (json) {
  const status = Object.fromEntries(
    Object.entries(coverage).map(([host, covered]) => [host, covered ? 'built' : 'absent']),
  );
  process.stdout.write(`${JSON.stringify({ hosts: status, operations }, null, 2)}\n`);
} else {
  const names = Object.keys(coverage);
  const header = ['operation', 'kind', ...names];
  const rows = operations.map((operation) => [
    operation.id,
    operation.kind,
    ...names.map((host) =>
      operation.hosts[host] === null ? 'absent' : operation.hosts[host] ? 'yes' : 'MISSING',
    ),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  const built = names.filter((host) => coverage[host]);
  console.log(
    `\n${operations.length} operations; hosts built: ${built.join(', ') || 'none'}; not built yet: ${names.filter((host) => !coverage[host]).join(', ') || 'none'}.`,
  );
  if (missing.length > 0) console.log(`Missing: ${missing.join('; ')}`);
}
process.exitCode = missing.length > 0 ? 1 : 0;
