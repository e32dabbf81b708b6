// What the registry received: each tarball holds what its package.json promises (exports, bin,
// the n8n and Node-RED entries) and nothing of the repository's tests, with the licence and
// real version ranges in place of `workspace:`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { publicPackages, repositoryRoot } from './local-registry.js';

const registryUrl = inject('registryUrl');
const unpacked = mkdtempSync(join(tmpdir(), 'workspan-tarballs-'));
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(folder, name)).isFile())
    .map((name) => relative(folder, join(folder, name)))
    .sort();
}

/** Every file path a package.json names as an entry point. */
function promisedFiles(manifest: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') || value.startsWith('dist/')) paths.push(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') for (const inner of Object.values(value)) walk(inner);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  for (const field of ['main', 'module', 'types'])
    walk(manifest[field] ? `./${String(manifest[field]).replace(/^\.\//, '')}` : undefined);
  const n8n = manifest.n8n as { nodes?: string[]; credentials?: string[] } | undefined;
  walk([...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])]);
  walk(Object.values((manifest['node-red'] as { nodes?: Record<string, string> } | undefined)?.nodes ?? {}));
  return paths;
}

const testFile =
  /(^|\/)(test|tests|__tests__|test-support|test-artifacts|fixtures?)(\/|$)|\.test\.|\.spec\.|playground/;

describe.each(publicPackages)('$name as published', ({ name, folder }) => {
  it('holds its entry points, its licence and README, real version ranges, and no tests', async () => {
    const document = await packument(name);
    const latest = document.versions[document['dist-tags'].latest];
    expect(latest, `${name} is in the registry`).toBeDefined();
    const tarball = await download(latest?.dist.tarball as string);
    const target = join(unpacked, name.replace('/', '+'));
    execFileSync('mkdir', ['-p', target]);
    writeFileSync(`${target}.tgz`, tarball);
    execFileSync('tar', ['-xzf', `${target}.tgz`, '-C', target, '--strip-components=1']);
    const files = filesUnder(target);

    const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
    for (const promised of promisedFiles(manifest))
      expect(files, `${name} promises ${promised}`).toContain(promised);
    expect(files).toContain('README.md');
    // The registry shows the README away from the repository: links and images must be absolute.
    const readme = readFileSync(join(target, 'README.md'), 'utf8');
    expect(readme.match(/\]\((?!https?:|#|mailto:)[^)]*\)|src="(?!https?:)[^"]*"/g) ?? []).toEqual([]);
    expect(readFileSync(join(target, 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8'),
    );
    expect(files.filter((file) => testFile.test(file))).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    const source = JSON.parse(readFileSync(join(repositoryRoot, folder, 'package.json'), 'utf8'));
    for (const [dependency, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
    }))
      if (dependency.startsWith('@workspan-kit/')) {
        expect(range, dependency).toBe(readVersion(dependency));
        // Published in dependency order: what it depends on was in the registry before it.
        const published = (await packument(dependency)).time[range as string] as string;
        expect(Date.parse(published), `${dependency} before ${name}`).toBeLessThan(
          Date.parse(document.time[manifest.version] as string),
        );
      }
    expect(manifest.version).toBe(source.version);

    // Beside the entry points only what `files` names: the bundles' chunks, maps and data files.
    const allowed = (file: string) =>
      ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(file) ||
      (source.files as string[]).some(
        (entry) => !entry.startsWith('!') && (file === entry || file.startsWith(`${entry}/`)),
      );
    expect(files.filter((file) => !allowed(file))).toEqual([]);

    // publint, every level, on the tarball as published.
    const linted = await publint({
      pack: {
        tarball: tarball.buffer.slice(
          tarball.byteOffset,
          tarball.byteOffset + tarball.byteLength,
        ) as ArrayBuffer,
      },
      level: 'suggestion',
      strict: true,
    });
    expect(linted.messages.map((message) => formatMessage(message, linted.pkg) ?? message.code)).toEqual([]);

    // "Are the types wrong?" for the packages that ship types (the n8n and Node-RED packages are
    // loaded by their hosts and ship none).
    if (manifest.types || JSON.stringify(manifest.exports ?? {}).includes('"types"')) {
      // node16 rather than strict: TypeScript's node10 resolution (deprecated) cannot see subpath
      // exports, and core's ./spec and ./node are subpaths.
      const dual = JSON.stringify(manifest.exports).includes('"require"');
      const attw = spawnSync(
        join(repositoryRoot, 'tests/install/node_modules/.bin/attw'),
        [`${target}.tgz`, '--format', 'ascii', '--no-color', '--profile', dual ? 'node16' : 'esm-only'],
        { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } },
      );
      expect(attw.status, attw.stdout + attw.stderr).toBe(0);
    }
  });
});

interface Packument {
  'dist-tags': { latest: string };
  versions: Record<string, { dist: { tarball: string } }>;
  time: Record<string, string>;
}

async function packument(name: string): Promise<Packument> {
  return JSON.parse((await download(`${registryUrl}/${name.replace('/', '%2f')}`)).toString()) as Packument;
}

/** A GET, tried again when the registry drops a kept-alive connection under it. */
async function download(url: string): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (attempt === 3 || (error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET')
        throw error;
    }
  }
}

function readVersion(name: string): string {
  const entry = publicPackages.find((candidate) => candidate.name === name);
  return JSON.parse(readFileSync(join(repositoryRoot, entry?.folder as string, 'package.json'), 'utf8'))
    .version;
}
