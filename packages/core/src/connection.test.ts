import { describe, expect, it } from 'vitest';
import { resolveConnection } from './connection.js';
import { WorkSpanValidationError } from './errors.js';

const valid = {
  environment: 'production',
  clientId: 'app-user',
  clientSecret: 'very-secret-value',
  hostname: 'app.workspan.com',
};

describe('connection settings', () => {
  it('resolves the named environments to their base URLs', () => {
    expect(resolveConnection(valid).baseUrl).toBe('https://api.workspan.com');
    expect(resolveConnection({ ...valid, environment: 'sandbox' }).baseUrl).toBe(
      'https://api-sandbox.workspan.com',
    );
  });

  it.each([
    ['https://app.workspan.com', /without "https:\/\/"/],
    ['app.workspan.com/path', /without a path/],
    ['app workspan.com', /without spaces/],
    ['', /not empty/],
    ['-bad-.com', /hostname such as/],
  ])('rejects the hostname %j, saying why', (hostname, message) => {
    const error = (() => {
      try {
        resolveConnection({ ...valid, hostname });
      } catch (caught) {
        return caught as WorkSpanValidationError;
      }
    })();
    expect(error).toBeInstanceOf(WorkSpanValidationError);
    expect(error?.field).toBe('hostname');
    expect(error?.message).toMatch(message);
  });

  it('accepts https base URLs and http only on loopback', () => {
    expect(resolveConnection({ ...valid, environment: 'https://workspan.internal.example/' }).baseUrl).toBe(
      'https://workspan.internal.example',
    );
    expect(resolveConnection({ ...valid, environment: 'http://127.0.0.1:4010' }).baseUrl).toBe(
      'http://127.0.0.1:4010',
    );
    expect(resolveConnection({ ...valid, environment: 'http://localhost:4010' }).baseUrl).toBe(
      'http://localhost:4010',
    );
    expect(() => resolveConnection({ ...valid, environment: 'http://workspan.example.com' })).toThrow(
      /environment — expected/,
    );
    expect(() =>
      resolveConnection({ ...valid, environment: 'https://user:pw@workspan.example.com' }),
    ).toThrow(/without credentials/);
  });

  it('names missing credentials without echoing the secret', () => {
    expect(() => resolveConnection({ ...valid, clientId: ' ' })).toThrow(
      /clientId — expected the application user id/,
    );
    try {
      resolveConnection({ ...valid, hostname: 'bad host', clientSecret: 'very-secret-value' });
    } catch (error) {
      expect(String(error)).not.toContain('very-secret-value');
    }
  });
});
