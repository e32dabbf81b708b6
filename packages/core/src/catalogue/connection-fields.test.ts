import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../connection.js';
import { WorkSpanValidationError } from '../errors.js';
import { connectionFromFields } from './connection-fields.js';

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
