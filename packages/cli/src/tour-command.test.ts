import { describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnvironment, workspan } from './test-support/workspan-process.js';

describe('workspan tour', () => {
  it('runs every step on its own sandbox and exits 0', async () => {
    assertBuilt();
    const result = await workspan(['tour'], cleanEnvironment({}));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = result.stdout;
    expect(output).toMatch(/partly failed: 8 rows read, 5 written, 3 refused, 0 skipped/);
    expect(output).toMatch(/invalid value in field 'close_date'/);
    expect(output).toMatch(/Missing value of key field/);
    expect(output).toMatch(/PC-REF-2026-0001 +│ partner_center\.referral_id/);
    expect(output).toMatch(/status_code +│ LINKED/);
    expect(output).toMatch(/object\.stage_change +WS-Project_\S+ +changed: stage +\(stage proposal → won\)/);
    expect(output).toMatch(/Deleted subscription WS-Subscriber_/);
    expect(output).not.toContain('sandbox-secret');
  });
});
