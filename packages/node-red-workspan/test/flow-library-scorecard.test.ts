import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultTenants } from '@workspan-kit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureRuntime,
  packedTarballs,
  removeUserDirectory,
  userDirectoryWithPackage,
} from './test-support/harness.js';

// The Flow Library's scorecard (node-red-dev validate: P01–P08, N01–N02, D01–D03), checked offline
// against the packed package; `node-red-dev validate` itself needs the Flow Library catalogue online.

const run = promisify(execFile);
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

interface PackageJson {
  name: string;
  version: string;
  license?: string;
  repository?: { url: string; directory?: string };
  bugs?: unknown;
  keywords?: string[];
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  'node-red'?: { version?: string; nodes?: Record<string, string> };
}

/** Node types and categories an HTML file registers, read the way node-red-dev reads them. */
function registeredTypes(html: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const script of html.matchAll(
    /<script[^>]+type=["']text\/javascript["'][^>]*>([\s\S]*?)<\/script>/gi,
  )) {
    for (const match of (script[1] ?? '').matchAll(
      /registerType\(\s*'([^']+)'\s*,\s*\{([\s\S]*?)category:\s*'([^']+)'/g,
    ))
      types.set(match[1] as string, match[3] as string);
  }
  return types;
}

describe('Flow Library scorecard of the packed package', () => {
  let unpacked: string;
  let manifest: PackageJson;
  let semver: {
    satisfies(version: string, range: string): boolean;
    minVersion(range: string): { version: string };
  };
  let nodeRedVersions: { version: string; engines: { node: string } }[];

  beforeAll(async () => {
    const tarballs = packedTarballs();
    const tarball = tarballs.find((path) => path.includes('node-red-workspan')) as string;
    unpacked = await mkdtemp(join(tmpdir(), 'workspan-scorecard-'));
    await run('tar', ['-xzf', tarball, '-C', unpacked]);
    unpacked = join(unpacked, 'package');
    manifest = JSON.parse(await readFile(join(unpacked, 'package.json'), 'utf8'));
    // The maintained Node-RED releases the tests run (latest and maintenance), as installed from their lockfiles.
    nodeRedVersions = [];
    for (const major of [5, 4] as const) {
      const folder = await ensureRuntime(major);
      nodeRedVersions.push(
        JSON.parse(await readFile(join(folder, 'node_modules', 'node-red', 'package.json'), 'utf8')),
      );
    }
    semver = createRequire(join(await ensureRuntime(5), 'node_modules', 'node-red', 'package.json'))(
      'semver',
    );
  });
  afterAll(async () => {
    await rm(join(unpacked, '..'), { recursive: true, force: true });
  });

  it('P01 names a licence', () => {
    expect(manifest.license).toBe('MIT');
  });

  it('P02 has the same name as the package.json in its repository directory', async () => {
    const directory = manifest.repository?.directory as string;
    const inRepository = JSON.parse(await readFile(join(repositoryRoot, directory, 'package.json'), 'utf8'));
    expect(inRepository.name).toBe(manifest.name);
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
  });

  it('P03 links a repository and where to report bugs', () => {
    expect(manifest.repository).toBeDefined();
    expect(manifest.bugs).toBeDefined();
  });

  it('P04 uses a scoped name', () => {
    expect(manifest.name).toMatch(/^@[a-z\d][\w-.]+\/[a-z\d][\w-.]*$/);
  });

  it('P05 has the node-red keyword', () => {
    expect(manifest.keywords).toContain('node-red');
  });

  it('P06 declares a Node-RED version that the maintained releases satisfy', () => {
    const range = manifest['node-red']?.version as string;
    for (const release of nodeRedVersions)
      expect(semver.satisfies(release.version, range), release.version).toBe(true);
  });

  it("P07 declares a Node.js version that includes the latest Node-RED's own minimum", () => {
    // As node-red-dev checks it: the minimum Node.js of Node-RED's `latest` release (5).
    const latest = nodeRedVersions[0] as { version: string; engines: { node: string } };
    const minimum = semver.minVersion(latest.engines.node).version;
    expect(
      semver.satisfies(minimum, manifest.engines?.node as string),
      `Node-RED ${latest.version} needs ${minimum}`,
    ).toBe(true);
  });

  it('P08 has a name no core Node-RED module has', () => {
    const name = manifest.name.split('/').pop() as string;
    expect(name).toMatch(/workspan/);
    expect(['node-red', 'node-red-nodes', 'node-red-node-test-helper']).not.toContain(name);
  });

  it('N01 registers node types no core node uses, all in one prefix', async () => {
    const nodeFiles = Object.values(manifest['node-red']?.nodes ?? {});
    expect(nodeFiles.length).toBeGreaterThan(0);
    const core = await ensureRuntime(5);
    const coreHtml = await Promise.all(
      (await readdir(join(core, 'node_modules', '@node-red', 'nodes', 'core'), { recursive: true }))
        .filter((file) => file.endsWith('.html'))
        .map((file) => readFile(join(core, 'node_modules', '@node-red', 'nodes', 'core', file), 'utf8')),
    );
    const coreTypes = new Set(
      coreHtml.flatMap((html) => [...html.matchAll(/registerType\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1])),
    );
    expect(coreTypes.has('http in')).toBe(true);
    for (const file of nodeFiles) {
      const types = registeredTypes(await readFile(join(unpacked, file.replace(/\.js$/, '.html')), 'utf8'));
      expect(types.size).toBeGreaterThan(5);
      for (const type of types.keys()) {
        expect(type).toMatch(/^workspan-/);
        expect(coreTypes.has(type)).toBe(false);
      }
    }
  });

  it('N02 ships examples that use every node but the config node', async () => {
    const html = await readFile(join(unpacked, 'dist', 'nodes', 'workspan.html'), 'utf8');
    const needed = [...registeredTypes(html)]
      .filter(([, category]) => category !== 'config')
      .map(([type]) => type);
    const files = await readdir(join(unpacked, 'examples'));
    const used = new Set<string>();
    for (const file of files) {
      const flow = JSON.parse(await readFile(join(unpacked, 'examples', file), 'utf8')) as { type: string }[];
      for (const node of flow) used.add(node.type);
    }
    expect(needed.filter((type) => !used.has(type))).toEqual([]);
    expect(needed).toHaveLength(8);
  });

  it('ships examples with no secret in them: no credentials, no secret in a connection’s notes', async () => {
    const secrets = defaultTenants.map((tenant) => tenant.clientSecret);
    for (const file of await readdir(join(unpacked, 'examples'))) {
      const text = await readFile(join(unpacked, 'examples', file), 'utf8');
      for (const secret of secrets) expect(text, file).not.toContain(secret);
      for (const node of JSON.parse(text) as { type: string; credentials?: unknown; notes?: string }[]) {
        expect(node.credentials, file).toBeUndefined();
        if (node.type === 'workspan-connection')
          expect(node.notes ?? '', file).not.toMatch(/secret|password/i);
      }
    }
  });

  it('D01 has at most 6 dependencies', () => {
    expect(Object.keys(manifest.dependencies ?? {}).length).toBeLessThanOrEqual(6);
  });

  it('D02 has no known incompatible package in its installed dependency tree', async () => {
    const userDir = await userDirectoryWithPackage();
    try {
      const installed = await readdir(join(userDir, 'node_modules'), { recursive: true });
      expect(installed.some((path) => path.endsWith(join('@workspan-kit', 'node-red-workspan')))).toBe(true);
      // node-red-dev's list of incompatible packages: agent-base before 6.
      expect(installed.filter((path) => path.split(/[\\/]/).pop() === 'agent-base')).toEqual([]);
    } finally {
      await removeUserDirectory(userDir);
    }
  });

  it('D03 depends on the current version of each of its dependencies', async () => {
    const coreManifest = JSON.parse(
      await readFile(join(repositoryRoot, 'packages', 'core', 'package.json'), 'utf8'),
    );
    expect(manifest.dependencies).toEqual({ '@workspan-kit/core': coreManifest.version });
  });
});
