import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';

/** What one test counts as in the closing line. */
export function countAs(test: TestCase): 'passed' | 'failed' | 'not-run' {
  const state = test.result().state;
  if (state === 'passed') return 'passed';
  if (state === 'failed') return 'failed';
  // Skipped on purpose (skip, todo, another test's only) counts as neither; a test that should
  // have run and did not (a failing hook, an interrupted run) counts as failed.
  const mode = test.options.mode;
  return mode === 'skip' || mode === 'todo' || state === 'skipped' ? 'not-run' : 'failed';
}

/** Counts the run's tests; a module that failed before collecting any test counts as one failure. */
export function closingLine(modules: ReadonlyArray<TestModule>): string {
  let passed = 0;
  let failed = 0;
  for (const module of modules) {
    let tests = 0;
    for (const test of module.children.allTests()) {
      tests++;
      const verdict = countAs(test);
      if (verdict === 'passed') passed++;
      else if (verdict === 'failed') failed++;
    }
    if (tests === 0 && (module.state() === 'failed' || module.errors().length > 0)) failed++;
  }
  return `${passed} passed, ${failed} failed`;
}

/**
 * Prints `<passed> passed, <failed> failed` as the very last line of a run, after the default
 * reporter's summary (register it after 'default').
 */
export default class ClosingLineReporter implements Reporter {
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const line = closingLine(modules);
    if (this.#vitest) this.#vitest.logger.log(line);
    else process.stdout.write(`${line}\n`);
  }
}
