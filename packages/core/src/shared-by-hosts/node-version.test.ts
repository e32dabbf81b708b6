import { describe, expect, it } from 'vitest';
import { olderNodeMessage } from './node-version.js';

describe('olderNodeMessage', () => {
  it('names the version a command needs on an older Node.js', () => {
    expect(olderNodeMessage('workspan', '20.20.2')).toBe(
      'workspan needs Node.js >= 22.13 (it uses node:sqlite); this is Node.js 20.20.2. Install a newer Node.js, e.g. the current LTS from https://nodejs.org.',
    );
    expect(olderNodeMessage('workspan-mcp-server', '22.12.0')).toMatch(
      /^workspan-mcp-server needs Node\.js >= 22\.13/,
    );
  });

  it('says nothing from 22.13 on', () => {
    for (const version of ['22.13.0', '22.20.1', '23.0.0', '24.21.0'])
      expect(olderNodeMessage('workspan', version)).toBeUndefined();
  });
});
