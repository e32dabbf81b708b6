import { tmpdir } from 'node:os';
import { Redactor } from '@workspan-kit/core/internal';
import { describe, expect, it } from 'vitest';
import { openSession, type RunContext } from './session.js';

describe('openSession', () => {
  it('registers each secret once for both the CLI output and the client', async () => {
    const context: RunContext = {
      io: {
        stdout: { write: () => true },
        stderr: { write: () => true },
        stdin: (async function* () {})(),
        env: {
          WORKSPAN_ENVIRONMENT: 'http://127.0.0.1:9',
          WORKSPAN_CLIENT_ID: 'app-user',
          WORKSPAN_CLIENT_SECRET: 'configured-secret-value',
          WORKSPAN_HOSTNAME: 'app.example.com',
        },
        homeDirectory: tmpdir(),
      },
      redactor: new Redactor(),
    };
    const session = await openSession({}, context);
    try {
      expect(session.embeddedSandbox).toBe(false);
      session.addSecret('webhook-token-value');
      for (const secret of ['configured-secret-value', 'webhook-token-value']) {
        expect(context.redactor.redact(`x ${secret} y`)).toBe('x [redacted] y');
        expect(session.client.redact(`x ${secret} y`)).toBe('x [redacted] y');
      }
    } finally {
      await session.close();
    }
  });
});
