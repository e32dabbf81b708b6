// The GitHub Action's release, run by the release workflow on main after the npm publish: when
// packages/github-action's version has no tag yet, this commit becomes the immutable release
// vX.Y.Z (notes from the action's changelog) and the major tag vX moves to it. `--dry-run` prints
// the commands instead of running them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url);
const dryRun = process.argv.includes('--dry-run');
const { version } = JSON.parse(readFileSync(new URL('packages/github-action/package.json', root), 'utf8'));
const tag = `v${version}`;
const prerelease = version.includes('-');
const majorTag = `v${version.split('.')[0]}`;

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const run = (command, ...args) => {
  if (dryRun) process.stdout.write(`${[command, ...args].join(' ')}\n`);
  else execFileSync(command, args, { cwd: root, stdio: 'inherit' });
};

if (git('tag', '--list', tag) === tag) {
  process.stdout.write(`${tag} is already released\n`);
  process.exit(0);
}

// The README's `uses:` lines are what users copy: they must name the major tag being moved.
const readme = readFileSync(new URL('packages/github-action/README.md', root), 'utf8');
const named = new Set(
  [...readme.matchAll(/uses: workspan-kit\/workspan-kit\/packages\/github-action@(\S+)/g)].map(
    (match) => match[1],
  ),
);
if (!prerelease && (named.size !== 1 || !named.has(majorTag))) {
  process.stderr.write(
    `packages/github-action/README.md names ${[...named].join(', ') || 'no tag'}, not ${majorTag}\n`,
  );
  process.exit(1);
}

/** The changelog's section for this version, as changesets wrote it. */
function releaseNotes() {
  let changelog = '';
  try {
    changelog = readFileSync(new URL('packages/github-action/CHANGELOG.md', root), 'utf8');
  } catch {
    return `Release ${tag}.`;
  }
  const start = changelog.indexOf(`\n## ${version}\n`);
  if (start < 0) return `Release ${tag}.`;
  const end = changelog.indexOf('\n## ', start + 1);
  return changelog.slice(start + `\n## ${version}\n`.length, end < 0 ? undefined : end).trim();
}

const notesFolder = mkdtempSync(join(tmpdir(), 'workspan-action-release-'));
try {
  const notes = join(notesFolder, 'notes.md');
  writeFileSync(
    notes,
    `${releaseNotes()}\n\nUse it as \`uses: workspan-kit/workspan-kit/packages/github-action@${prerelease ? tag : majorTag}\`.\n`,
  );
  const identity = [
    '-c',
    'user.name=github-actions[bot]',
    '-c',
    'user.email=41898282+github-actions[bot]@users.noreply.github.com',
  ];
  run('git', ...identity, 'tag', '--annotate', tag, '--message', `GitHub Action ${tag}`);
  run('git', 'push', 'origin', `refs/tags/${tag}`);
  run(
    'gh',
    'release',
    'create',
    tag,
    '--verify-tag',
    '--title',
    `GitHub Action ${tag}`,
    '--notes-file',
    notes,
    ...(prerelease ? ['--prerelease'] : []),
  );
  if (!prerelease) {
    // The major tag is not a release, so it can move even where releases are immutable.
    run('git', ...identity, 'tag', '--force', '--annotate', majorTag, '--message', `GitHub Action ${tag}`);
    run('git', 'push', '--force', 'origin', `refs/tags/${majorTag}`);
  }
} finally {
  rmSync(notesFolder, { recursive: true, force: true });
}
