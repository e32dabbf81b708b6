// The bin's first module imports nothing, so that an older Node.js reaches this check instead of
// failing on `node:sqlite` (the built-in sandbox's database) before a line of ours runs.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `workspan needs Node.js >= 22.13 (it uses node:sqlite); this is Node.js ${process.versions.node}. Install a newer Node.js, e.g. the current LTS from https://nodejs.org.\n`,
  );
  process.exitCode = 1;
} else {
  const { run } = await import('./program.js');
  process.exitCode = await run(process.argv.slice(2));
}
