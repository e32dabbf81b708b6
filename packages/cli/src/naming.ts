import { type AnyOperation, fieldNamers } from '@workspan-kit/core';
import { kebabCase } from '@workspan-kit/core/internal';

export { kebabCase };

/** The command group of an operation (its resource) and the subcommand within it (its key). */
export function commandPath(operation: AnyOperation): [group: string, command: string] {
  if (operation.kind === 'trigger') return ['listen', listenKind(operation)];
  return [kebabCase(operation.resource), kebabCase(operation.key)];
}

/**
 * Triggers read better by what they listen to than by their key; an unknown trigger still gets
 * a command from its key.
 */
const listenKinds: Record<string, string> = {
  objectEvent: 'object',
  collaborationEvent: 'collaboration',
  partnerCenterReferralSubmit: 'partner-center',
};

export function listenKind(operation: AnyOperation): string {
  return listenKinds[operation.key] ?? kebabCase(operation.key.replace(/Event$/, ''));
}

/** Run options whose flag is shorter than their name. */
const shortFlags: Record<string, string> = { waitForCompletion: '--wait' };

/** The flag a catalogue field or run option becomes: `integrationId` → `--integration-id`, `waitForCompletion` → `--wait`. */
export const flagName = (fieldName: string): string => shortFlags[fieldName] ?? fieldNamers.cli(fieldName);

/** Commander's property for a flag (`--integration-id` → `integrationId`). */
export function optionProperty(fieldName: string): string {
  return kebabCase(fieldName).replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
