import { toolList } from './tools/tool-list.js';

/** The README's table of tools, generated from the tool list (a test keeps the README current). */
export function toolTable(): string {
  const hints = (annotations: {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
  }) =>
    annotations.readOnlyHint
      ? 'read-only'
      : [annotations.destructiveHint ? 'destructive' : 'adds', annotations.idempotentHint ? 'idempotent' : '']
          .filter(Boolean)
          .join(', ');
  const rows = toolList().map(({ definition }) => {
    const required = (definition.inputSchema.required as string[] | undefined) ?? [];
    const argumentsText = Object.keys(definition.inputSchema.properties as object)
      .map((name) => (required.includes(name) ? `**${name}**` : name))
      .join(', ');
    return `| \`${definition.name}\` | ${definition.title} | ${argumentsText || '—'} | ${hints(definition.annotations)} |`;
  });
  return ['| tool | what it does | arguments (**required**) | hints |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
