// The bin's first module loads only core's version check, so that an older Node.js reaches it
// instead of failing on `node:sqlite` (the built-in sandbox's database) before a line of ours runs.
import { olderNodeMessage } from '@workspan-kit/core/internal';

const older = olderNodeMessage('workspan-mcp-server', process.versions.node);
if (older) {
  process.stderr.write(`${older}\n`);
  process.exitCode = 1;
} else {
  await import('./serve-command.js');
}
