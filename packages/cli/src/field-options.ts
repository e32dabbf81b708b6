import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type AnyOperation,
  describeField,
  type FieldDefinition,
  type FieldFacts,
  inputFromHost,
} from '@workspan-kit/core';
import { type Command, Option } from 'commander';
import { InvalidFlagError, toFlagError } from './errors.js';
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

/**
 * Adds one option per field. Values stay as typed: core's host glue turns them into each field's
 * kind and its validation names the flag.
 */
export function addFieldOptions(
  command: Command,
  fields: readonly FlagField[],
  defaults: Record<string, unknown> = {},
): void {
  for (const field of fields) {
    const { facts, definition } = field;
    const cliDefault = defaults[field.name];
    const required = facts.required && cliDefault === undefined;
    const group = required ? 'Required options:' : definition.advanced ? 'Advanced options:' : 'Options:';
    const defaultValue = cliDefault ?? facts.default;
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
    if (facts.kind === 'multiOptions' || facts.kind === 'stringList') {
      // Repeated flags add up; core splits each value by commas or reads it as a JSON array.
      option.argParser((value: string, previous: unknown) => [
        ...(Array.isArray(previous) && previous !== option.defaultValue ? previous : []),
        value,
      ]);
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
  const range = describeRange(facts);
  if (range) parts.push(range);
  // Each list source is a shortcut command of its own name (see convenience-commands).
  if (definition.listSource) parts.push(`List them with \`workspan ${definition.listSource}\`.`);
  return parts.join(' ');
}

function describeRange(facts: FieldFacts): string | undefined {
  if (facts.minimum !== undefined && facts.maximum !== undefined)
    return `From ${facts.minimum} to ${facts.maximum}.`;
  if (facts.minimum !== undefined && facts.minimum !== 0) return `At least ${facts.minimum}.`;
  return undefined;
}

function placeholder(field: FlagField): string {
  if (field.facts.kind === 'file') return 'path';
  if (field.facts.kind === 'number') return 'n';
  if (field.facts.kind === 'json' || field.facts.kind === 'reportFilters') return 'json';
  return kebabCase(field.name).split('-').at(-1) ?? 'value';
}

/**
 * The flags' values as the command line gives them (`@file`, `-` for stdin, paths made absolute),
 * for core's host glue to turn into each field's kind.
 */
export async function readFieldValues(
  fields: readonly FlagField[],
  command: Command,
  stdin: AsyncIterable<Uint8Array>,
): Promise<Record<string, unknown>> {
  const options = command.opts<Record<string, unknown>>();
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = options[field.property];
    if (value === undefined) continue;
    // Catalogue defaults shown in help are left to core, which can then tell a value given from
    // one left out (a file's format follows its name only when left out).
    if (command.getOptionValueSource(field.property) === 'default' && value === field.facts.default) continue;
    if (typeof value !== 'string') {
      values[field.name] = value;
      continue;
    }
    switch (field.facts.kind) {
      case 'json':
      case 'reportFilters':
        values[field.name] = await readJsonFlag(field.flag, value);
        break;
      case 'data':
        if (value === '-') values[field.name] = stdin;
        else if (value.startsWith('@'))
          values[field.name] = { path: await existingFile(field.flag, value.slice(1)) };
        else if (value.trim() === '') throw new InvalidFlagError([{ flag: field.flag, expected: emptyData }]);
        else values[field.name] = value;
        break;
      case 'file':
        values[field.name] = { path: await existingFile(field.flag, value) };
        break;
      default:
        values[field.name] = value;
    }
  }
  return values;
}

/** The flags as the operation's input, each value turned into its field's kind by core. */
export async function readFieldInput(
  operation: AnyOperation,
  fields: readonly FlagField[],
  command: Command,
  stdin: AsyncIterable<Uint8Array>,
): Promise<Record<string, unknown>> {
  const values = await readFieldValues(fields, command, stdin);
  try {
    return inputFromHost(operation, values);
  } catch (error) {
    throw toFlagError(error);
  }
}

/** Text given inline or as `@file`. */
export async function readTextFlag(flag: string, value: string): Promise<string> {
  if (!value.startsWith('@')) return value;
  return readFile(await existingFile(flag, value.slice(1)), 'utf8');
}

const emptyData = 'the data as CSV or JSON text, @path of a file, or - to read stdin; the value is empty';

/** JSON given inline or as `@file.json`. */
export async function readJsonFlag(flag: string, value: string): Promise<unknown> {
  const text = await readTextFlag(flag, value);
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
