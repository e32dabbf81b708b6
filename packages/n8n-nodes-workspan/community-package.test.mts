// The n8n community package rules, as n8n checks them: the node-cli's strict lint on the sources
// and the community-package scanner on the packed tarball, both with the pinned tools, offline.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureN8nRuntime, packageRoot } from './runtime/n8n-runtime.mts';
import { installPackedPackage } from './test-support/n8n-instance.mts';

const host = await ensureN8nRuntime();
// Inside the host folder, so the node-cli and eslint resolve from its node_modules.
const work = mkdtempSync(join(host.folder, 'checks-'));
afterAll(() => {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
});

describe('n8n community package rules', () => {
  it('n8n-node lint passes in strict mode', () => {
    const copy = join(work, 'lint');
    mkdirSync(join(copy, 'node_modules', '@workspan-kit'), { recursive: true });
    for (const file of ['package.json', 'eslint.config.mjs'])
      cpSync(join(packageRoot, file), join(copy, file));
    for (const folder of ['credentials', 'nodes', 'shared', 'icons'])
      cpSync(join(packageRoot, folder), join(copy, folder), { recursive: true });
    // The workspace's own tsconfig extends the root one; the copy stands alone.
    writeFileSync(
      join(copy, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'Preserve', moduleResolution: 'Bundler', strict: true },
        include: ['src'],
      }),
    );
    for (const dependency of ['n8n-workflow', '@workspan-kit/core'])
      symlinkSync(join(packageRoot, 'node_modules', dependency), join(copy, 'node_modules', dependency));
    const result = spawnSync(
      host.node,
      [join(host.folder, 'node_modules/@n8n/node-cli/bin/n8n-node.mjs'), 'lint'],
      {
        cwd: copy,
        encoding: 'utf8',
        // Not the test runner's NODE_ENV=test: n8n's lint plugin then believes it is testing itself.
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PATH: `${join(host.folder, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
          CI: 'true',
        },
      },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  }, 180_000);

  it('the packed tarball passes the community-package scanner', async () => {
    const unpacked = installPackedPackage(join(work, 'scan'));
    const scanner = await import(
      pathToFileURL(join(host.folder, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs')).href
    );
    const result = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);
    expect(result, JSON.stringify(result)).toMatchObject({ passed: true });
    // Nothing at run time but n8n itself: core and zod are in the bundle.
    const manifest = JSON.parse(execFileSync('cat', [join(unpacked, 'package.json')], { encoding: 'utf8' }));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
  }, 120_000);
});
