import { describe, expect, it } from 'vitest';
import { printJson, startJsonList } from './output.js';

function buffer() {
  let text = '';
  return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

describe('startJsonList', () => {
  const rows = [
    { id: 1, name: 'a\nb', tags: ['x', 'y'], owner: { id: 'u1', name: 'Ann' }, empty: {}, none: [] },
    { id: 2, nested: [{ deep: [1, 2] }], nothing: null },
    {},
  ];

  for (const count of [0, 1, 3]) {
    it(`prints exactly what printJson prints for ${count} rows`, () => {
      const expected = buffer();
      printJson(expected.stream, { results: rows.slice(0, count) });
      const streamed = buffer();
      const list = startJsonList(streamed.stream);
      for (const row of rows.slice(0, count)) list.add(row);
      list.end();
      expect(streamed.text()).toBe(expected.text());
    });
  }

  it('writes each row as it arrives and nothing before the first', () => {
    const out = buffer();
    const list = startJsonList(out.stream);
    expect(out.text()).toBe('');
    list.add({ id: 1 });
    expect(out.text()).toContain('"id": 1');
    list.add({ id: 2 });
    expect(out.text()).toContain('"id": 2');
    expect(out.text()).not.toMatch(/\]\n\}\n$/);
  });
});
