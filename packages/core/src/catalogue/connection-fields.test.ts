import { describe, expect, it } from 'vitest';
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
});
