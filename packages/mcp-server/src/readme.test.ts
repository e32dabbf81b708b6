import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toolTable } from './tool-table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('holds the current tool table (rewrite it with `pnpm --filter @workspan-kit/mcp-server readme`)', () => {
    const table = /<!-- tools -->\n([\s\S]*?)\n<!-- \/tools -->/.exec(readme)?.[1];
    expect(table).toBe(toolTable());
  });
});
