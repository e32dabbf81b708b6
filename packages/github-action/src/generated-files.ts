import { type AnyOperation, describeField, type FieldDefinition } from '@workspan-kit/core';
import { stringify } from 'yaml';
import { allOutputs } from './action-outputs.js';
import {
  type ActionOperation,
  actionOperations,
  allInputs,
  type InputSpec,
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

function exampleValue(input: InputSpec): string | undefined {
  const { binding } = input;
  switch (binding.type) {
    case 'relay':
      return {
        url: 'https://relay.example.com',
        route: 'deals',
        token: expression('secrets.WORKSPAN_RELAY_TOKEN'),
      }[binding.part];
    case 'connection':
      return {
        environment: 'production',
        clientId: expression('vars.WORKSPAN_APPLICATION_USER_ID'),
        clientSecret: expression('secrets.WORKSPAN_APPLICATION_USER_SECRET'),
        hostname: 'app.workspan.com',
      }[binding.setting];
    case 'field':
      return binding.facts.required ? exampleFieldValue(binding.definition) : undefined;
    default:
      return undefined;
  }
}

function exampleFieldValue(definition: FieldDefinition): string {
  const facts = describeField(definition);
  if (definition.placeholder) return definition.placeholder;
  if (definition.listSource === 'integrations') return 'WS-Integration_abc123';
  if (definition.listSource === 'events') return 'task.assigned';
  if (facts.choices) return facts.choices[0] as string;
  switch (facts.kind) {
    case 'number':
      return '1';
    case 'data':
      return '|\n      name,stage\n      Acme,won';
    case 'file':
      return 'data/opportunities.csv';
    default:
      return definition.wireName === 'name'
        ? 'github-deals'
        : `my-${definition.wireName.replace(/[._]/g, '-')}`;
  }
}

function exampleStep(operation: ActionOperation): string {
  const lines = [`- uses: ${actionReference}`, `  id: workspan`, '  with:', `    operation: ${operation.id}`];
  for (const input of operation.inputs) {
    const value = exampleValue(input);
    if (value !== undefined) lines.push(`    ${input.name}: ${value}`);
  }
  if (operation.inputs.some((input) => input.name === 'wait')) lines.push('    wait: true');
  return lines.join('\n');
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
        'Connection inputs: `environment`, `application-user-id`, `application-user-secret`, `hostname`.',
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
  return `Outputs: \`result\` (the whole answer as JSON) and each single-value field of ${operation.id}'s answer in kebab case.`;
}
