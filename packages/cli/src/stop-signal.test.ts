import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { run } from './program.js';
import { stopSignal } from './stop-signal.js';

describe('stopSignal', () => {
  it('resolves on request, on abort, and at once when already aborted', async () => {
    const requested = stopSignal({});
    expect(requested.stopped).toBe(false);
    requested.request();
    await requested.promise;
    expect(requested.stopped).toBe(true);
    requested.dispose();

    const controller = new AbortController();
    const aborted = stopSignal({ signal: controller.signal });
    controller.abort();
    await aborted.promise;
    expect(aborted.stopped).toBe(true);
    aborted.dispose();

    const early = stopSignal({ signal: AbortSignal.abort() });
    expect(early.stopped).toBe(true);
    early.dispose();
  });

  it('stops `workspan sandbox` when the caller aborts', async () => {
    const controller = new AbortController();
    let err = '';
    const running = run(['sandbox', '--port', '0'], {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          err += text;
          if (err.includes('Press Ctrl-C to stop.')) controller.abort();
          return true;
        },
      },
      stdin: (async function* () {})(),
      env: {},
      homeDirectory: tmpdir(),
      signal: controller.signal,
    });
    expect(await running).toBe(0);
    expect(err).toContain('WorkSpan sandbox running at');
  });
});
