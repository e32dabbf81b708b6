import type { AnyOperation } from '@workspan-kit/core';

/** `bulkLoad` → `bulk-load`, `getExternalId` → `get-external-id`, `partnerCenter` → `partner-center`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The command group of an operation (its resource) and the subcommand within it (its action). */
export function commandPath(operation: AnyOperation): [group: string, command: string] {
  if (operation.kind === 'trigger') return ['listen', listenKind(operation)];
  return [kebabCase(operation.resource), kebabCase(operation.key)];
}

/**
 * Triggers read better by what they listen to than by their action name; an unknown trigger
 * still gets a command from its action.
 */
const listenKinds: Record<string, string> = {
  objectEvent: 'object',
  collaborationEvent: 'collaboration',
  partnerCenterReferralSubmit: 'partner-center',
};

export function listenKind(operation: AnyOperation): string {
  return listenKinds[operation.key] ?? kebabCase(operation.key.replace(/Event$/, ''));
}

/** The flag a catalogue field becomes: `integrationId` → `--integration-id`. */
export function flagName(fieldName: string): string {
  return `--${kebabCase(fieldName)}`;
}

/** Commander's property for a flag (`--integration-id` → `integrationId`). */
export function optionProperty(fieldName: string): string {
  return kebabCase(fieldName).replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
