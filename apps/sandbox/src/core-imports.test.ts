import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceFolder = new URL('.', import.meta.url).pathname;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

describe('the sandbox and core', () => {
  it("imports only core's pure entries, never its client, so it stays an independent check of it", () => {
    const imports = sourceFiles(sourceFolder).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(@workspan-kit\/core[^']*)'/g)].map((match) => match[1]),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(new Set(['@workspan-kit/core/spec', '@workspan-kit/core/internal']));
  });
});
