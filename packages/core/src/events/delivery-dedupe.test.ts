import { describe, expect, it } from 'vitest';
import { createMemoryDedupeStore, firstHeader } from './delivery-dedupe.js';

describe('createMemoryDedupeStore', () => {
  it('remembers keys and forgets the oldest past its limit', () => {
    const store = createMemoryDedupeStore({ limit: 2 });
    expect(store.remember('a')).toBe(true);
    expect(store.remember('a')).toBe(false);
    expect(store.remember('b')).toBe(true);
    expect(store.remember('c')).toBe(true);
    expect(store.remember('a')).toBe(true);
    expect(store.remember('c')).toBe(false);
  });

  it('refuses a limit that is not a whole positive number', () => {
    expect(() => createMemoryDedupeStore({ limit: 0 })).toThrow(/whole number/);
  });
});

describe('firstHeader', () => {
  it('reads the first value, whatever the case of the name, and treats empty as absent', () => {
    expect(firstHeader({ 'x-a': ['1', '2'] }, 'x-a')).toBe('1');
    expect(firstHeader({ 'X-A': '3' }, 'x-a')).toBe('3');
    expect(firstHeader({ 'x-a': '' }, 'x-a')).toBeUndefined();
  });
});
