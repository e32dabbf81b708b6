import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceFolder = new URL('.', import.meta.url).pathname;
// The Node entry point and tests may use Node; everything else is bundled into n8n's package.
const nodeOnly = (path: string) =>
  path.startsWith('node/') ||
  path === 'node.ts' ||
  path.startsWith('test-support/') ||
  path.endsWith('.test.ts');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

describe('core stays free of I/O', () => {
  const files = sourceFiles(sourceFolder)
    .map((path) => relative(sourceFolder, path))
    .filter((path) => !nodeOnly(path));

  it.each(files)('%s uses no timers, process, globalThis or Node modules', (path) => {
    const code = readFileSync(join(sourceFolder, path), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(code).not.toMatch(
      /\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b|\bprocess\.|\bglobalThis\b|\brequire\(/,
    );
    expect(code).not.toMatch(/from ['"](node:|undici)/);
  });
});
