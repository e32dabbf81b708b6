import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { actionOperations } from './action-spec.js';
import { actionFolder } from './test-support/run-as-runner.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

const readme = readFileSync(join(actionFolder, 'README.md'), 'utf8');
const readmeSteps = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] as string);

const workflows = [
  ...readdirSync(join(actionFolder, 'examples')).map((name) => join(actionFolder, 'examples', name)),
  join(actionFolder, '../../.github/workflows/github-action.yml'),
];

function checkStep(step: Step): void {
  const given = step.with ?? {};
  const operation = actionOperations.find((candidate) => candidate.id === given.operation);
  expect(operation, String(given.operation)).toBeDefined();
  const taken = new Set(['operation', ...(operation?.inputs ?? []).map((input) => input.name)]);
  for (const input of Object.keys(given)) expect(taken, `${operation?.id}: ${input}`).toContain(input);
  for (const input of operation?.inputs ?? [])
    if (input.binding.type === 'field' && input.binding.facts.required)
      expect(Object.keys(given), `${operation?.id} needs ${input.name}`).toContain(input.name);
}

function steps(path: string): Step[] {
  const workflow = parseYaml(readFileSync(path, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

const isThisAction = (uses: string | undefined) =>
  uses === './packages/github-action' ||
  uses?.startsWith('workspan-kit/workspan-kit/packages/github-action@');

describe('the example workflows', () => {
  for (const path of workflows) {
    const name = path.split('/').slice(-2).join('/');
    it(`${name}: every step of this action names an operation and only inputs it takes, with its required fields`, () => {
      const ours = steps(path).filter((step) => isThisAction(step.uses));
      expect(ours.length).toBeGreaterThan(0);
      for (const step of ours) checkStep(step);
    });

    it(`${name}: no expression inside a run: script (event content reaches the shell through env: only)`, () => {
      for (const step of steps(path)) if (step.run !== undefined) expect(step.run).not.toContain('${{');
    });
  }
});

describe('the README', () => {
  it('has one example step per operation, each valid YAML with only inputs its operation takes', () => {
    const stepped = readmeSteps
      .map((text) => (parseYaml(text) as Step[])[0] as Step)
      .filter((step) => isThisAction(step.uses));
    const shown = stepped.map((step) => step.with?.operation);
    for (const operation of actionOperations) expect(shown).toContain(operation.id);
    for (const step of stepped) checkStep(step);
  });
});
