import { describe, expect, it } from 'vitest';
import {
  createListDedupeStore,
  createMemoryDedupeStore,
  deliveryDedupeKey,
  firstHeader,
} from './delivery-dedupe.js';

describe('createMemoryDedupeStore', () => {
  it('answers the value before, forgets the oldest past its limit and each entry after its time', () => {
    let time = 0;
    const store = createMemoryDedupeStore({ limit: 2, now: () => time });
    expect(store.exchange('a', '1', 100)).toBeUndefined();
    expect(store.exchange('a', '2', 100)).toBe('1');
    expect(store.exchange('b', '1', 100)).toBeUndefined();
    expect(store.exchange('c', '1', 100)).toBeUndefined();
    expect(store.exchange('a', '3', 100)).toBeUndefined();
    expect(store.exchange('c', '2', 100)).toBe('1');
    time = 100;
    expect(store.exchange('c', '3', 100)).toBeUndefined();
  });

  it('refuses a limit that is not a whole positive number', () => {
    expect(() => createMemoryDedupeStore({ limit: 0 })).toThrow(/whole number/);
  });
});

describe('createListDedupeStore', () => {
  it("keeps live entries in the list, drops expired ones and an earlier version's plain keys", async () => {
    let time = 0;
    let list: unknown[] = ['sha256:old-plain-key'];
    const store = createListDedupeStore(
      {
        read: () => list,
        write: (entries) => {
          list = entries;
        },
      },
      { limit: 2, now: () => time },
    );
    expect(await store.exchange('a', '1', 10)).toBeUndefined();
    expect(list).toEqual([{ key: 'a', value: '1', expiresAt: 10 }]);
    expect(await store.exchange('a', '2', 10)).toBe('1');
    time = 10;
    expect(await store.exchange('a', '3', 10)).toBeUndefined();
    await store.exchange('b', '1', 10);
    await store.exchange('c', '1', 10);
    expect(list.map((entry) => (entry as { key: string }).key)).toEqual(['b', 'c']);
  });
});

describe('deliveryDedupeKey', () => {
  it('uses the delivery id, else the object and event of the payload, else the digest', () => {
    const object = { object_type: 'opportunity', object_id: 'WS-1:2', event: 'object.update' };
    expect(deliveryDedupeKey({ 'x-workspan-delivery-id': 'd-1' }, object, 'abc')).toBe('id:d-1');
    expect(deliveryDedupeKey({}, object, 'abc')).toBe('object:opportunity:WS-1%3A2:object.update');
    expect(deliveryDedupeKey({}, { object_id: 'WS-1', task_id: 't' }, 'abc')).toBe('object::WS-1:');
    expect(deliveryDedupeKey({}, { task_id: 't' }, 'abc')).toBe('sha256:abc');
  });
});

describe('firstHeader', () => {
  it('reads the first value, whatever the case of the name, and treats empty as absent', () => {
    expect(firstHeader({ 'x-a': ['1', '2'] }, 'x-a')).toBe('1');
    expect(firstHeader({ 'X-A': '3' }, 'x-a')).toBe('3');
    expect(firstHeader({ 'x-a': '' }, 'x-a')).toBeUndefined();
  });
});
