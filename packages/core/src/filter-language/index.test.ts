import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as filterLanguage from './index.js';

describe('event filter language module', () => {
  it('exports the public API', () => {
    expect(Object.keys(filterLanguage).sort()).toEqual([
      'EventFilterSyntaxError',
      'compileEventFilter',
      'describeEventFilter',
      'evaluateEventFilter',
      'maximumEventFilterNesting',
      'parseEventFilter',
    ]);
  });

  it("imports nothing but its own files and core's errors, and uses no host globals, so any host can bundle it", () => {
    const folder = new URL('./', import.meta.url);
    const moduleFiles = readdirSync(folder).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    expect(moduleFiles.sort()).toEqual([
      'describe.ts',
      'evaluate.ts',
      'index.ts',
      'parser.ts',
      'syntax-error.ts',
      'syntax-tree.ts',
      'tokens.ts',
    ]);
    for (const name of moduleFiles) {
      const source = readFileSync(new URL(name, folder), 'utf8');
      const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const specifiers = [...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((match) => match[1]);
      // Its syntax error is a WorkSpan error like the others (the errors module is pure too).
      for (const specifier of specifiers) expect(specifier, name).toMatch(/^(\.\/[a-z-]+|\.\.\/errors)\.js$/);
      expect(text, name).not.toMatch(/\b(require|import)\s*\(/);
      expect(text, name).not.toMatch(/\b(process|globalThis|window|setTimeout|setInterval|Buffer|console)\b/);
    }
  });
});
