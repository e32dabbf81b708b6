import { type ActionOperation, actionOperations, allInputs, operationInput } from './action-spec.js';
import { InputError } from './input-error.js';

/** The environment variable the runner sets for an input (upper case, spaces to `_`, hyphens kept). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

const declared = new Map(
  [operationInput.name, ...allInputs().map((input) => input.name)].map((name) => [inputVariable(name), name]),
);

/**
 * The inputs the step was given (empty ones count as not given). An input this action does not
 * declare fails the step instead of being ignored (the runner only warns about it).
 */
export function readGivenInputs(env: NodeJS.ProcessEnv): Map<string, string> {
  const given = new Map<string, string>();
  const unknown: string[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('INPUT_') || value === undefined || value.trim() === '') continue;
    const name = declared.get(variable);
    if (name) given.set(name, value);
    else unknown.push(variable.slice('INPUT_'.length).toLowerCase());
  }
  if (unknown.length > 0) {
    const [first] = unknown.sort();
    throw new InputError(
      first as string,
      `no such input: this action has no input "${first}" (see its README for each operation's inputs)`,
    );
  }
  return given;
}

/** Picks the operation; an unknown one, or an input the operation does not take, fails the step. */
export function chooseOperation(given: Map<string, string>): ActionOperation {
  const names = actionOperations.map((operation) => operation.id);
  const chosen = given.get('operation')?.trim();
  if (!chosen) throw new InputError('operation', `the WorkSpan operation to run, one of ${names.join(', ')}`);
  const operation = actionOperations.find((candidate) => candidate.id === chosen);
  if (!operation) throw new InputError('operation', `one of ${names.join(', ')}; got "${chosen}"`);
  const taken = new Set(operation.inputs.map((input) => input.name));
  for (const name of [...given.keys()].sort()) {
    if (name === 'operation' || taken.has(name)) continue;
    const takes =
      operation.inputs.length > 0 ? `it takes ${[...taken].join(', ')}` : 'it takes no other inputs';
    throw new InputError(
      name,
      `no value here: ${operation.id} does not take "${name}" (${takes})`,
      operation.id,
    );
  }
  return operation;
}
