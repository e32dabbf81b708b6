import type { AnyOperation, RunOptionField } from '@workspan-kit/core';
import { stringify } from 'yaml';
import { allOutputs, scalarOutputFields } from './action-outputs.js';
import {
  type ActionOperation,
  actionOperations,
  allInputs,
  connectionInputs,
  operationInput,
} from './action-spec.js';

export const actionReference = 'workspan-kit/workspan-kit/packages/github-action@v1';

/** action.yml, generated from core's catalogue: every input and output, each described once. */
export function actionYaml(): string {
  const inputs: Record<string, { description: string; required: boolean }> = {
    [operationInput.name]: { description: operationInput.description, required: true },
  };
  for (const input of allInputs()) inputs[input.name] = { description: input.description, required: false };
  const outputs = Object.fromEntries(
    allOutputs().map((output) => [output.name, { description: output.description }]),
  );
  const definition = {
    name: 'WorkSpan',
    description:
      'Run any WorkSpan API operation: bulk loads, reports, external ids, audit entries and event subscriptions.',
    author: 'workspan-kit',
    branding: { icon: 'share-2', color: 'blue' },
    inputs,
    outputs,
    runs: { using: 'node24', main: 'dist/index.js' },
  };
  return `# Generated from @workspan-kit/core's catalogue by scripts/build.mjs: do not edit by hand.\n${stringify(definition, { lineWidth: 0 })}`;
}

/** A workflow expression, `${{ … }}`. */
const expression = (text: string) => `$${'{{'} ${text} }}`;

const connectionExamples: Record<string, string> = {
  environment: 'production',
  clientId: expression('vars.WORKSPAN_CLIENT_ID'),
  clientSecret: expression('secrets.WORKSPAN_CLIENT_SECRET'),
  hostname: 'app.workspan.com',
};
const relayExamples = {
  url: 'https://relay.example.com',
  route: 'deals',
  token: expression('secrets.WORKSPAN_RELAY_TOKEN'),
};

/** A value of core's example input as an action input: files as workspace paths, lists and JSON as text. */
function exampleText(value: unknown): string {
  if (typeof value === 'string' && value.includes('\n'))
    return `|\n      ${value.trim().split('\n').join('\n      ')}`;
  let text: string;
  if (typeof value === 'object' && value !== null && 'path' in value)
    text = String((value as { path: unknown }).path);
  else if (typeof value === 'object' && value !== null && 'name' in value && 'content' in value)
    text = `data/${String((value as { name: unknown }).name)}`;
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) text = value.join(', ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  // Quoted where YAML needs it (a lone "," or a leading "{" would not read as text).
  return stringify(text, { lineWidth: 0 }).trimEnd();
}

function exampleStep(operation: ActionOperation): string {
  const lines = [`- uses: ${actionReference}`, '  id: workspan', '  with:', `    operation: ${operation.id}`];
  const example = (operation.catalogue?.example ?? {}) as Record<string, unknown>;
  for (const input of operation.inputs) {
    const { binding } = input;
    let value: string | undefined;
    if (binding.type === 'connection') value = connectionExamples[binding.setting];
    else if (binding.type === 'relay') value = relayExamples[binding.part];
    else if (binding.type === 'field' && example[binding.field] !== undefined)
      value = exampleText(example[binding.field]);
    else if (binding.type === 'runOption' && switchesOthers(operation, binding.option)) value = 'true';
    if (value !== undefined) lines.push(`    ${input.name}: ${value}`);
  }
  return lines.join('\n');
}

/** A run option others are used with (waiting for a load): the example turns it on. */
function switchesOthers(operation: ActionOperation, option: RunOptionField): boolean {
  return operation.inputs.some(
    ({ binding }) => binding.type === 'runOption' && binding.option.visibleWhen?.[option.name]?.[0] === true,
  );
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The README's table of operations and one section per operation, with an example step. */
export function readmeOperations(): string {
  const parts = ['| operation | what it does |', '|---|---|'];
  for (const operation of actionOperations)
    parts.push(
      `| [\`${operation.id}\`](#${operation.id.toLowerCase()}) | ${escapeCell(operation.description)} |`,
    );
  for (const operation of actionOperations) {
    parts.push('', `### ${operation.id}`, '', `${operation.title}. ${operation.description}`, '');
    const fieldInputs = operation.inputs.filter((input) => input.binding.type !== 'connection');
    if (operation.catalogue)
      parts.push(
        `Connection inputs: ${connectionInputs.map((input) => `\`${input.name}\``).join(', ')}.`,
        '',
      );
    if (fieldInputs.length > 0) {
      parts.push('| input | required | description |', '|---|---|---|');
      for (const input of fieldInputs) {
        const required =
          input.binding.type === 'field' ? input.binding.facts.required : input.binding.type === 'relay';
        parts.push(`| \`${input.name}\` | ${required ? 'yes' : ''} | ${escapeCell(input.description)} |`);
      }
      parts.push('');
    }
    parts.push('```yaml', exampleStep(operation), '```');
    if (operation.catalogue) parts.push('', outputsLine(operation.catalogue));
  }
  return `${parts.join('\n')}\n`;
}

function outputsLine(operation: AnyOperation): string {
  const fields = scalarOutputFields(operation).map((field) => `\`${field.name}\``);
  return `Outputs: \`result\` (the whole answer as JSON)${fields.length > 0 ? `, ${fields.join(', ')}` : ''}.`;
}
