import type { Command } from 'commander';
import { closest, distance } from 'fastest-levenshtein';

/**
 * `help [command...]` in place of commander's own, which prints the whole help for a name it
 * does not know: here an unknown name is a usage error (exit 2) with the nearest command.
 */
export function addHelpCommand(parent: Command): void {
  parent
    .command('help [command...]')
    .description('Show the help of a command (`help <command> [subcommand]`).')
    .action((names: string[]) => {
      let target = parent;
      for (const name of names) {
        const next = target.commands.find(
          (command) => command.name() === name || command.aliases().includes(name),
        );
        if (!next) {
          target.error(`error: unknown command '${name}'${suggestion(target, name)}`, {
            code: 'commander.unknownCommand',
            exitCode: 2,
          });
        }
        target = next as Command;
      }
      target.help();
    });
}

function suggestion(parent: Command, name: string): string {
  const names = parent
    .createHelp()
    .visibleCommands(parent)
    .map((command) => command.name())
    .filter((candidate) => candidate !== 'help');
  if (names.length === 0) return '';
  const nearest = closest(name, names);
  // Like commander's own suggestions: only names a few edits away.
  return distance(name, nearest) <= Math.max(1, Math.floor(name.length * 0.4))
    ? `\n(Did you mean ${nearest}?)`
    : '';
}
