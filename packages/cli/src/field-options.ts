import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AnyOperation, describeField, type FieldDefinition, type FieldFacts } from '@workspan-kit/core';
import { type Command, Option } from 'commander';
import { InvalidFlagError } from './errors.js';
import { unreadableFileProblem } from './file-checks.js';
import { flagName, kebabCase, optionProperty } from './naming.js';

/** One catalogue field as the command line sees it. */
export interface FlagField {
  name: string;
  definition: FieldDefinition;
  facts: FieldFacts;
  flag: string;
  /** Key of the field's value in commander's parsed options. */
  property: string;
}

export function flagFields(
  operation: AnyOperation,
  options: { omitCallbackUrl?: boolean } = {},
): FlagField[] {
  return Object.entries(operation.fields as Record<string, FieldDefinition>)
    .filter(([, definition]) => !(options.omitCallbackUrl && definition.role === 'callbackUrl'))
    .map(([name, definition]) => ({
      name,
      definition,
      facts: describeField(definition),
      flag: flagName(name),
      property: optionProperty(name),
    }));
}

const listCommands: Record<string, string> = {
  integrations: 'workspan integrations',
  events: 'workspan events',
  reports: 'workspan reports',
};

/** Adds one option per field; values are only shaped here, core validates them when called. */
export function addFieldOptions(
  command: Command,
  fields: readonly FlagField[],
  defaults: Record<string, unknown> = {},
): void {
  for (const field of fields) {
    const { facts, definition } = field;
    const defaultValue = field.name in defaults ? defaults[field.name] : facts.default;
    const required = facts.required && defaultValue === undefined;
    const group = required ? 'Required options:' : definition.advanced ? 'Advanced options:' : 'Options:';
    const description = describeFlag(field);
    if (facts.kind === 'boolean') {
      const positive = new Option(field.flag, description).helpGroup(group);
      if (defaultValue !== undefined) positive.default(defaultValue);
      command.addOption(positive);
      command.addOption(
        new Option(`--no-${field.flag.slice(2)}`, `Turn off: ${definition.label}.`).helpGroup(group),
      );
      continue;
    }
    const option = new Option(`${field.flag} <${placeholder(field)}>`, description).helpGroup(group);
    // choices() lists them in help; the parser below replaces its check so core names the problem.
    if (facts.choices) option.choices(facts.choices);
    if (facts.kind === 'number') option.argParser(parseNumber);
    else if (facts.kind === 'multiOptions' || facts.kind === 'stringList') {
      option.argParser((value: string, previous: unknown) => {
        const earlier = Array.isArray(previous) && previous !== option.defaultValue ? previous : [];
        return [...earlier, ...splitList(value)];
      });
    } else option.argParser((value: string) => value);
    if (defaultValue !== undefined) option.default(defaultValue);
    command.addOption(option);
  }
}

function describeFlag(field: FlagField): string {
  const { definition, facts } = field;
  const parts = [`${definition.label}: ${definition.description}`];
  if (facts.kind === 'data') parts.push('Give the text, @path to stream a file, or - to read stdin.');
  if (facts.kind === 'file') parts.push('Give the path of the file.');
  if (facts.kind === 'json' || facts.kind === 'reportFilters') parts.push('Give JSON text or @file.json.');
  if (facts.kind === 'stringList' || facts.kind === 'multiOptions')
    parts.push('Repeat the flag or separate values with commas.');
  const lister = definition.listSource ? listCommands[definition.listSource] : undefined;
  if (lister) parts.push(`List them with \`${lister}\`.`);
  return parts.join(' ');
}

function placeholder(field: FlagField): string {
  if (field.facts.kind === 'file') return 'path';
  if (field.facts.kind === 'number') return 'n';
  if (field.facts.kind === 'json' || field.facts.kind === 'reportFilters') return 'json';
  return kebabCase(field.name).split('-').at(-1) ?? 'value';
}

/** Numbers are parsed; anything else is passed on so core's validation names the flag. */
function parseNumber(value: string): number | string {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Turns parsed flags into the operation's input: JSON parsed, files referenced by path, stdin streamed. */
export async function readFieldInput(
  fields: readonly FlagField[],
  options: Record<string, unknown>,
  stdin: AsyncIterable<Uint8Array>,
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const value = options[field.property];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      input[field.name] = value;
      continue;
    }
    switch (field.facts.kind) {
      case 'json':
      case 'reportFilters':
        input[field.name] = await readJsonFlag(field.flag, value);
        break;
      case 'data':
        if (value === '-') input[field.name] = stdin;
        else if (value.startsWith('@'))
          input[field.name] = { path: await existingFile(field.flag, value.slice(1)) };
        else if (value.trim() === '') throw new InvalidFlagError([{ flag: field.flag, expected: emptyData }]);
        else input[field.name] = value;
        break;
      case 'file':
        input[field.name] = { path: await existingFile(field.flag, value) };
        break;
      default:
        input[field.name] = value;
    }
  }
  return input;
}

const emptyData = 'the data as CSV or JSON text, @path of a file, or - to read stdin; the value is empty';

/** JSON given inline or as `@file.json`. */
export async function readJsonFlag(flag: string, value: string): Promise<unknown> {
  let text = value;
  if (value.startsWith('@')) {
    const path = await existingFile(flag, value.slice(1));
    text = await readFile(path, 'utf8');
  }
  if (text.trim() === '')
    throw new InvalidFlagError([
      {
        flag,
        expected: `JSON text or @file.json; ${value.startsWith('@') ? `${value.slice(1)} is empty` : 'the value is empty'}`,
      },
    ]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidFlagError([{ flag, expected: `JSON text or @file.json (${(error as Error).message})` }]);
  }
}

async function existingFile(flag: string, path: string): Promise<string> {
  const problem = await unreadableFileProblem(path);
  if (problem) throw new InvalidFlagError([{ flag, expected: `a readable file; ${problem}` }]);
  return resolve(path);
}
