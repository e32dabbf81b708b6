/** The oldest Node.js the built-in sandbox runs on: `node:sqlite` needs no flag from 22.13. */
export const sandboxNodeVersion = { major: 22, minor: 13 } as const;

/**
 * What a command prints when the Node.js running it is older than the sandbox needs, or nothing.
 * A bin calls it before it loads anything that imports `node:sqlite`, whose own error names no version.
 */
export function olderNodeMessage(command: string, running: string): string | undefined {
  const [major = 0, minor = 0] = running.split('.').map(Number);
  const { major: needMajor, minor: needMinor } = sandboxNodeVersion;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `${command} needs Node.js >= ${needMajor}.${needMinor} (it uses node:sqlite); this is Node.js ${running}. Install a newer Node.js, e.g. the current LTS from https://nodejs.org.`;
}
