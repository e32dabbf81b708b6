// The MCP Inspector and the conformance suite, pinned by the committed lockfile in ../../test-tools
// and installed on first use into the test cache (never by `pnpm install`).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnFirstUse, npmCi } from '@workspan-kit/test-kit';

const definition = fileURLToPath(new URL('../../test-tools/', import.meta.url));

/** Installs the pinned tools once (about 25 s cold) and answers the path of a tool's command. */
export async function testTool(name: 'mcp-inspector' | 'conformance'): Promise<string> {
  const folder = await installOnFirstUse({
    name: 'mcp-test-tools',
    pinnedFiles: [join(definition, 'package.json'), join(definition, 'package-lock.json')],
    install: npmCi,
  });
  return join(folder, 'node_modules', '.bin', name);
}
