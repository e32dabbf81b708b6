#!/usr/bin/env node
// The conformance matrix: every operation of the connector × every host, each cell read from the
// host's built artifact. Exits 1 while a host that exists lacks an operation.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const runFile = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');

const swagger = JSON.parse(readFileSync(join(root, 'reference/apiDefinition.swagger.json'), 'utf8'));
const definedIds = Object.values(swagger.paths).flatMap((methods) =>
  Object.values(methods).flatMap((operation) => (operation?.operationId ? [operation.operationId] : [])),
);

async function load(relativePath) {
  const path = join(root, relativePath);
  if (!existsSync(path)) return undefined;
  return import(pathToFileURL(path).href);
}

/** Each reader returns the set of operation ids the built host exposes, or undefined when the host is not built. */
const hosts = {
  core: async () => {
    const core = await load('packages/core/dist/index.js');
    return core && new Set(Object.keys(core.catalogue));
  },
  cli: async () => {
    const cli = await load('packages/cli/dist/index.js');
    return cli && new Set(Object.keys(cli.listOperationCommands()));
  },
  n8n: async () => {
    // What a user can pick in the built nodes: each resource's operations, and the trigger's event sources.
    const dist = join(root, 'packages/n8n-nodes-workspan/dist/nodes');
    const core = await load('packages/core/dist/index.js');
    if (!core || !existsSync(join(dist, 'WorkSpan/WorkSpan.node.js'))) return undefined;
    const require = createRequire(join(dist, 'index.js'));
    const { WorkSpan } = require('./WorkSpan/WorkSpan.node.js');
    const { WorkSpanTrigger } = require('./WorkSpanTrigger/WorkSpanTrigger.node.js');
    const operations = Object.values(core.catalogue);
    const picked = new Set();
    const actions = new WorkSpan().description.properties;
    for (const resource of actions.find((property) => property.name === 'resource').options) {
      const selector = actions.find(
        (property) =>
          property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value),
      );
      for (const option of selector?.options ?? []) {
        const operation = operations.find(
          (candidate) => candidate.resource === resource.value && candidate.key === option.value,
        );
        if (operation && operation.kind !== 'trigger') picked.add(operation.id);
      }
    }
    const sources = new WorkSpanTrigger().description.properties.find(
      (property) => property.name === 'eventSource',
    );
    for (const option of sources?.options ?? []) {
      const operation = operations.find(
        (candidate) => candidate.kind === 'trigger' && candidate.key === option.value,
      );
      if (operation) picked.add(operation.id);
    }
    return picked;
  },
  'node-red': async () => {
    const nodeRed = await load('packages/node-red-workspan/dist/operation-coverage.mjs');
    return nodeRed && new Set(await nodeRed.listCoveredOperations());
  },
  'github-action': async () => {
    // The built action.yml must offer the operation, and its bundle, started as the runner starts
    // it with only that operation given, must take it (and then ask for the next input).
    const folder = join(root, 'packages/github-action');
    const bundle = join(folder, 'dist/index.js');
    if (!existsSync(bundle) || !existsSync(join(folder, 'action.yml'))) return undefined;
    const { parse } = createRequire(join(folder, 'package.json'))('yaml');
    const manifest = parse(readFileSync(join(folder, 'action.yml'), 'utf8'));
    const offered = manifest.runs?.using === 'node24' ? (manifest.inputs?.operation?.description ?? '') : '';
    const scratch = mkdtempSync(join(tmpdir(), 'matrix-action-'));
    try {
      const accepted = await Promise.all(
        definedIds.map(async (id) => {
          if (!new RegExp(`\\b${id}\\b`).test(offered)) return undefined;
          const output = join(scratch, id);
          writeFileSync(output, '');
          const { stdout } = await runFile(process.execPath, [bundle], {
            env: {
              PATH: process.env.PATH,
              INPUT_OPERATION: id,
              GITHUB_OUTPUT: output,
              GITHUB_WORKSPACE: scratch,
            },
          }).catch((error) => error);
          const refusal = /^::error::Input "([^"]+)"/m.exec(stdout ?? '');
          return refusal && refusal[1] !== 'operation' ? id : undefined;
        }),
      );
      return new Set(accepted.filter(Boolean));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
  mcp: async () => {
    // The tools the built server lists when started as an MCP host starts it (stdio, the built-in
    // sandbox), asked with the official client; an operation counts when its tool is listed and
    // takes each of the operation's required fields.
    const folder = join(root, 'packages/mcp-server');
    const server = await load('packages/mcp-server/dist/index.js');
    const core = await load('packages/core/dist/index.js');
    if (!server || !core || !existsSync(join(folder, 'dist/workspan-mcp-server.js'))) return undefined;
    const require = createRequire(join(folder, 'package.json'));
    const { Client } = require('@modelcontextprotocol/client');
    const { StdioClientTransport } = require('@modelcontextprotocol/client/stdio');
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('WORKSPAN_')),
    );
    const client = new Client({ name: 'workspan-matrix', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(folder, 'dist/workspan-mcp-server.js')],
        env,
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await client.listTools();
      const listed = new Map(tools.map((tool) => [tool.name, tool]));
      return new Set(
        Object.values(core.catalogue).flatMap((operation) => {
          const name =
            operation.kind === 'trigger'
              ? server.watchToolName(operation)
              : server.operationToolName(operation);
          const takes = Object.keys(listed.get(name)?.inputSchema?.properties ?? {});
          const required = Object.entries(operation.fields)
            .filter(([, field]) => field.role !== 'callbackUrl' && core.describeField(field).required)
            .map(([field]) => field);
          return listed.has(name) && required.every((field) => takes.includes(field)) ? [operation.id] : [];
        }),
      );
    } finally {
      await client.close();
    }
  },
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
