import { describe, expect, it } from 'vitest';
import { environments, resolveConnection } from '../connection.js';
import { WorkSpanValidationError } from '../errors.js';
import { connectionFields, connectionFromFields } from './connection-fields.js';

describe('connectionFromFields', () => {
  it('reads a form as settings: production unless chosen, the base URL for custom, ids trimmed', () => {
    expect(
      connectionFromFields({ clientId: ' app ', clientSecret: ' s ', hostname: ' app.workspan.com ' }),
    ).toEqual({
      environment: 'production',
      clientId: 'app',
      clientSecret: ' s ',
      hostname: 'app.workspan.com',
    });
    expect(
      connectionFromFields({ environment: 'custom', baseUrl: 'http://127.0.0.1:4010 ', clientId: 1 }),
    ).toMatchObject({ environment: 'http://127.0.0.1:4010', clientId: '' });
  });

  it('names the base URL, not the environment, when a custom base URL is wrong or missing', () => {
    const form = { environment: 'custom', clientId: 'app', clientSecret: 's', hostname: 'app.workspan.com' };
    for (const baseUrl of ['http://example.com', '', 'not a url']) {
      const failure = (() => {
        try {
          resolveConnection(connectionFromFields({ ...form, baseUrl }));
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(WorkSpanValidationError.isInstance(failure), baseUrl).toBe(true);
      expect((failure as WorkSpanValidationError).issues.map((issue) => issue.field)).toEqual(['baseUrl']);
    }
    expect(() => resolveConnection(connectionFromFields({ ...form, environment: 'elsewhere' }))).toThrow(
      /environment/,
    );
  });
});

describe('the environments as the connection form describes them', () => {
  const field = (name: string) => connectionFields.find((candidate) => candidate.name === name);

  it('production is api.workspan.com with x-ws-env app.workspan.com; every sandbox shares api-sandbox.workspan.com, picked by its hostname', () => {
    expect(environments).toEqual({
      production: 'https://api.workspan.com',
      sandbox: 'https://api-sandbox.workspan.com',
    });
    const environment = field('environment');
    expect(environment?.default).toBe('production');
    const choice = (value: string) =>
      environment?.choices?.find((candidate) => candidate.value === value)?.description;
    expect(choice('production')).toBe('https://api.workspan.com, with the app hostname app.workspan.com');
    expect(choice('sandbox')).toBe(
      'https://api-sandbox.workspan.com, shared by every WorkSpan sandbox; the app hostname (such as uat.workspan.com or demo.workspan.com) picks yours',
    );
    expect(environment?.description).toContain(
      'Production is https://api.workspan.com, with the app hostname app.workspan.com; every WorkSpan sandbox shares https://api-sandbox.workspan.com, and the app hostname (such as uat.workspan.com or demo.workspan.com) picks which.',
    );
    expect(field('hostname')?.description).toContain('app.workspan.com in production');
    expect(field('hostname')?.description).toContain('uat.workspan.com or demo.workspan.com');
    expect(field('hostname')?.description).toContain('x-ws-env');
    expect(field('hostname')?.placeholder).toBe('app.workspan.com');
    expect(field('hostname')?.default).toBeUndefined();
  });
});
