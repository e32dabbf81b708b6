import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFolder, installOnFirstUse } from './first-use-install.js';

describe('installOnFirstUse', () => {
  let cache: string;
  let pins: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'workspan-kit-cache-'));
    pins = mkdtempSync(join(tmpdir(), 'workspan-kit-pins-'));
    process.env.WORKSPAN_TEST_CACHE = cache;
    writeFileSync(join(pins, 'package.json'), '{"name":"tool","version":"1.0.0"}');
  });
  afterEach(() => {
    delete process.env.WORKSPAN_TEST_CACHE;
    rmSync(cache, { recursive: true, force: true });
    rmSync(pins, { recursive: true, force: true });
  });

  it('installs once for many concurrent callers, with the pinned files, and keys the folder by them', async () => {
    let installs = 0;
    const tool = {
      name: 'tool',
      pinnedFiles: [join(pins, 'package.json')],
      install: async (folder: string) => {
        installs++;
        writeFileSync(join(folder, 'tool.js'), readFileSync(join(folder, 'package.json')));
      },
    };
    const folders = await Promise.all([1, 2, 3, 4].map(() => installOnFirstUse(tool)));
    expect(new Set(folders).size).toBe(1);
    expect(installs).toBe(1);
    expect(readFileSync(join(folders[0] as string, 'tool.js'), 'utf8')).toContain('1.0.0');
    expect(readdirSync(cache)).toEqual([(folders[0] as string).split('/').pop()]);

    writeFileSync(join(pins, 'package.json'), '{"name":"tool","version":"2.0.0"}');
    expect(await installOnFirstUse(tool)).not.toBe(folders[0]);
    expect(installs).toBe(2);
  });

  it('leaves nothing behind when an install fails, and names the tool', async () => {
    const failing = {
      name: 'broken-tool',
      pinnedValues: ['1.0.0'],
      install: async () => {
        throw new Error('no network');
      },
    };
    await expect(installOnFirstUse(failing)).rejects.toThrow(
      'installing broken-tool for the tests failed: no network',
    );
    expect(readdirSync(cache)).toEqual([]);
  });

  it('takes over the lock of a process that is gone, and gives up waiting on a live one', async () => {
    const tool = { name: 'locked-tool', pinnedValues: ['1'], install: async () => {} };
    const lock = `${await installFolder(tool)}.lock`;
    mkdirSync(lock, { recursive: true });
    writeFileSync(join(lock, 'pid'), '999999999');
    mkdirSync(`${await installFolder(tool)}.staging-999999999`);
    await expect(installOnFirstUse(tool)).resolves.toBe(await installFolder(tool));
    expect(readdirSync(cache)).toEqual([(await installFolder(tool)).split('/').pop()]);

    const other = { name: 'held-tool', pinnedValues: ['1'], install: async () => {}, waitLimitMs: 600 };
    const held = `${await installFolder(other)}.lock`;
    mkdirSync(held);
    writeFileSync(join(held, 'pid'), String(process.pid));
    await expect(installOnFirstUse(other)).rejects.toThrow(
      /waited 1 s for another process installing held-tool/,
    );
  });
});
