// A real Node-RED for the tests, the playground and the benchmark: installed on first use from the
// committed lockfile into the test cache (never by `pnpm install`), then started as its own process
// with a user directory where the package is installed as users install it (`npm install`).
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureDebianPackage, freePort, installOnFirstUse, npmCi } from '@workspan-kit/test-kit';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
// Core is packed from the workspace package this one depends on.
const coreRoot = dirname(createRequire(import.meta.url).resolve('@workspan-kit/core/package.json'));

/** The Node-RED versions the package is tested on, each with its own lockfile. */
export const runtimes = { 5: 'node-red-5', 4: 'node-red-4' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Installs a runtime once per lockfile and answers its folder; safe to call concurrently. */
export function ensureRuntime(major = 5) {
  const definition = join(here, runtimes[major]);
  return installOnFirstUse({
    name: runtimes[major],
    pinnedFiles: [join(definition, 'package.json'), join(definition, 'package-lock.json')],
    install: npmCi,
  });
}

/** The built package and core packed as npm would publish them; returns the tarball paths. */
export async function packPackages(into) {
  const tarballs = [];
  for (const folder of [coreRoot, packageRoot]) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', into], { cwd: folder });
    const line = stdout
      .trim()
      .split('\n')
      .filter((text) => text.trim().endsWith('.tgz'))
      .pop();
    tarballs.push(line.startsWith('/') ? line.trim() : join(into, line.trim()));
  }
  return tarballs;
}

/** A user directory with the packed package installed by npm, the way a user installs it. */
export async function createUserDirectory(tarballs) {
  const userDir = await mkdtemp(join(tmpdir(), 'workspan-node-red-'));
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: userDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return userDir;
}

/**
 * Settings with an admin user and a read-only `viewer` (unless `adminAuth: null`), so the admin API
 * and the package's endpoints check permissions.
 */
function writeSettings(runtimeFolder, userDir, port, extra) {
  const require = createRequire(join(runtimeFolder, 'node_modules', 'node-red', 'package.json'));
  const bcrypt = require('bcryptjs');
  const password = 'workspan-test-password';
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    credentialSecret: 'workspan-test-credential-secret',
    flowFile: 'flows.json',
    adminAuth: {
      type: 'credentials',
      users: [
        { username: 'admin', password: bcrypt.hashSync(password, 8), permissions: '*' },
        { username: 'viewer', password: bcrypt.hashSync(password, 8), permissions: 'read' },
      ],
    },
    logging: { console: { level: 'warn' } },
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    runtimeState: { enabled: true },
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    ...extra,
  };
  if (settings.adminAuth === null) delete settings.adminAuth;
  writeFileSync(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  return { password };
}

/**
 * Starts Node-RED on a free port with `userDir`; resolves once the admin API answers. Returns its
 * URL, an authorised `admin(path, init)` fetch, `deploy(flows)` and `stop()` / `kill()`. Its log
 * is kept for `output()`, and with `echo` also written to this process's stderr as it comes.
 */
export async function startNodeRed({ major = 5, userDir, port, settings = {}, env = {}, echo = false }) {
  const runtimeFolder = await ensureRuntime(major);
  const chosenPort = port ?? (await freePort());
  const login = writeSettings(runtimeFolder, userDir, chosenPort, settings);
  const child = spawn(
    process.execPath,
    [
      join(runtimeFolder, 'node_modules', 'node-red', 'red.js'),
      '--userDir',
      userDir,
      '--settings',
      join(userDir, 'settings.js'),
    ],
    // Node's compile cache (Node-RED 5 turns it on) goes with the user directory, not the shared temp folder.
    {
      env: { ...process.env, NODE_COMPILE_CACHE: join(userDir, '.node-compile-cache'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (echo) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${chosenPort}`;
  const secured = settings.adminAuth !== null;
  /** A token of one of the settings' users (resolves undefined until the admin API answers). */
  const tokenOf = async (username, scope) => {
    const answer = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: 'node-red-admin',
        grant_type: 'password',
        scope,
        username,
        password: login.password,
      }),
    });
    return answer.ok ? (await answer.json()).access_token : undefined;
  };
  let token;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`Node-RED exited (${child.exitCode}):\n${output}`);
    try {
      if (secured) token = await tokenOf('admin', '*');
      else if ((await fetch(`${url}/settings`)).ok) token = '';
      if (token !== undefined) break;
    } catch {
      // not listening yet
    }
    if (attempt > 600) throw new Error(`Node-RED did not start within a minute:\n${output}`);
    await sleep(100);
  }
  const fetchAs =
    (bearer) =>
    (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
          ...(init.headers ?? {}),
        },
      });
  const admin = fetchAs(token);
  return {
    url,
    port: chosenPort,
    userDir,
    admin,
    async viewer(path, init) {
      return fetchAs(await tokenOf('viewer', 'read'))(path, init);
    },
    output: () => output,
    async deploy(flows) {
      const answer = await admin('/flows', {
        method: 'POST',
        headers: { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' },
        body: JSON.stringify({ flows }),
      });
      if (!answer.ok) throw new Error(`deploy failed: ${answer.status} ${await answer.text()}`);
    },
    async setFlowsState(state) {
      const answer = await admin('/flows/state', { method: 'POST', body: JSON.stringify({ state }) });
      if (!answer.ok) throw new Error(`flows state failed: ${answer.status} ${await answer.text()}`);
    },
    /** A clean stop: Node-RED closes its nodes (event nodes unsubscribe). */
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
    /** A crash: no node gets to close. */
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function removeUserDirectory(userDir) {
  await rm(userDir, { recursive: true, force: true });
}

/**
 * Debian's Chromium for the editor tests, installed with apt-get on first use (about 40 s), and
 * playwright-core from the Node-RED 5 runtime's lockfile.
 */
export async function ensureBrowser() {
  const executablePath = await ensureDebianPackage('chromium', '/usr/bin/chromium');
  const runtimeFolder = await ensureRuntime(5);
  const { chromium } = createRequire(join(runtimeFolder, 'package.json'))('playwright-core');
  return { chromium, executablePath };
}
