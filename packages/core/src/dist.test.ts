import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const packageFolder = new URL('..', import.meta.url).pathname;

describe('the built package', () => {
  it('loads with require (CommonJS hosts) and import (ESM), both entry points', () => {
    const script = `
      const core = require('@workspan-kit/core');
      const node = require('@workspan-kit/core/node');
      import('@workspan-kit/core/node').then((esm) => {
        console.log(JSON.stringify({
          cjs: Object.keys(core.catalogue).length,
          cjsNode: typeof node.createWorkSpanClient,
          esm: Object.keys(esm.catalogue).length,
          esmNode: typeof esm.createWorkSpanClient,
        }));
      });`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: packageFolder, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ cjs: 19, cjsNode: 'function', esm: 19, esmNode: 'function' });
  });

  it('shares one copy of each class between the entry points, so instanceof holds across them', () => {
    const script = `
      const core = require('@workspan-kit/core');
      const node = require('@workspan-kit/core/node');
      Promise.all([import('@workspan-kit/core'), import('@workspan-kit/core/node')]).then(([esm, esmNode]) => {
        console.log(JSON.stringify({
          cjs: core.WorkSpanValidationError === node.WorkSpanValidationError && core.WorkSpanClient === node.WorkSpanClient,
          esm: esm.WorkSpanValidationError === esmNode.WorkSpanValidationError && esm.WorkSpanClient === esmNode.WorkSpanClient,
        }));
      });`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: packageFolder, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ cjs: true, esm: true });
  });

  it("recognises the other copy's errors with isInstance: the ESM and CommonJS builds are two copies", () => {
    const script = `
      const cjs = require('@workspan-kit/core');
      import('@workspan-kit/core').then((esm) => {
        const fromCjs = new cjs.WorkSpanAuthenticationError({
          status: 401, operationId: 'token', method: 'POST', path: '/oauth/token', bodyExcerpt: '', retryable: false,
        });
        const fromEsm = new esm.WorkSpanValidationError([{ field: 'objectId', expected: 'text' }]);
        console.log(JSON.stringify({
          twoCopies: cjs.WorkSpanError !== esm.WorkSpanError && !(fromCjs instanceof esm.WorkSpanError),
          esmKnowsCjs: esm.WorkSpanApiError.isInstance(fromCjs) && esm.isWorkSpanError(fromCjs),
          cjsKnowsEsm: cjs.WorkSpanValidationError.isInstance(fromEsm) && cjs.WorkSpanError.isInstance(fromEsm),
          kindsKept: esm.WorkSpanValidationError.isInstance(fromCjs) || cjs.WorkSpanApiError.isInstance(fromEsm),
          transportFailures: esm.TransportFailure.isInstance(new cjs.TransportFailure('ECONNRESET', false)),
        }));
      });`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: packageFolder, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      twoCopies: true,
      esmKnowsCjs: true,
      cjsKnowsEsm: true,
      kindsKept: false,
      transportFailures: true,
    });
  });
});
