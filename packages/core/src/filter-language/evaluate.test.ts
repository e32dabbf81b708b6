import { describe, expect, it } from 'vitest';
import {
  compileEventFilter,
  evaluateEventFilter,
  maximumEventFilterNesting,
  parseEventFilter,
} from './index.js';

const matches = (filter: string, record: Record<string, unknown>): boolean =>
  evaluateEventFilter(parseEventFilter(filter), record);

describe('evaluateEventFilter', () => {
  describe("the connector's example", () => {
    const filter = '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")';

    it.each([
      [{ stage: 'won', sales_details: { partner: 'P1' } }, true],
      [{ stage: 'lost', sales_details: { partner: 'P1', region: 'EMEA' } }, true],
      [{ stage: 'open', sales_details: { partner: 'P1' } }, false],
      [{ stage: 'won', sales_details: { partner: 'P2' } }, false],
      [{ stage: 'Won', sales_details: { partner: 'P1' } }, false],
      [{ stage: 'won' }, false],
      [{ stage: 'closed', 'sales_details.partner': 'P1' }, true],
      [{}, false],
    ])('%j → %s', (record, expected) => {
      expect(matches(filter, record)).toBe(expected);
    });
  });

  describe('field lookup', () => {
    it('walks nested objects', () => {
      expect(matches('a.b.c = 1', { a: { b: { c: 1 } } })).toBe(true);
      expect(matches('a.b.c = 1', { a: { b: 1 } })).toBe(false);
      expect(matches('a.b.c = 1', { a: null })).toBe(false);
    });

    it('prefers a flat key that contains the dots', () => {
      const record = { 'sales_details.partner': 'flat', sales_details: { partner: 'nested' } };
      expect(matches('sales_details.partner = "flat"', record)).toBe(true);
      expect(matches('sales_details.partner = "nested"', record)).toBe(false);
    });

    it('accepts mixed flat and nested keys, and falls back when the flat key leads nowhere', () => {
      expect(matches('a.b.c = 1', { a: { 'b.c': 1 } })).toBe(true);
      expect(matches('a.b.c = 1', { 'a.b': { c: 1 } })).toBe(true);
      expect(matches('a.b.c = 1', { 'a.b': {}, a: { b: { c: 1 } } })).toBe(true);
    });

    it('looks a backtick segment up as one key', () => {
      expect(matches('`a.b` = 1', { 'a.b': 1 })).toBe(true);
      expect(matches('`a.b` = 1', { a: { b: 1 } })).toBe(false);
      expect(matches('`odd name`.x = 1', { 'odd name': { x: 1 } })).toBe(true);
    });

    it('indexes arrays with digit segments and looks other segments up in every element', () => {
      const record = { items: [{ sku: 'A', price: 5 }, { sku: 'B', price: 20 }, { note: 'no sku' }] };
      expect(matches('items.1.sku = "B"', record)).toBe(true);
      expect(matches('items.0.sku = "B"', record)).toBe(false);
      expect(matches('items.9.sku exists', record)).toBe(false);
      expect(matches('items.sku = "B"', record)).toBe(true);
      expect(matches('items.price > 10', record)).toBe(true);
      expect(matches('items.price > 30', record)).toBe(false);
      expect(matches('items.sku contains "B"', record)).toBe(true);
      expect(matches('items.missing exists', record)).toBe(false);
    });

    it('does not read inherited properties', () => {
      expect(matches('toString exists', {})).toBe(false);
      expect(matches('constructor.name = "Object"', {})).toBe(false);
    });

    it('treats undefined as missing and null as present', () => {
      expect(matches('a exists', { a: undefined })).toBe(false);
      expect(matches('a exists', { a: null })).toBe(true);
      expect(matches('a = null', { a: null })).toBe(true);
      expect(matches('a = null', {})).toBe(false);
    });
  });

  describe('= and !=', () => {
    it('compares strings case-sensitively', () => {
      expect(matches('stage = "won"', { stage: 'won' })).toBe(true);
      expect(matches('stage = "won"', { stage: 'WON' })).toBe(false);
      expect(matches('stage != "won"', { stage: 'WON' })).toBe(true);
    });

    it('compares a number with a numeric string as numbers, either way round', () => {
      expect(matches('amount = "100"', { amount: 100 })).toBe(true);
      expect(matches('amount = "1e2"', { amount: 100 })).toBe(true);
      expect(matches('amount = 100', { amount: '100.0' })).toBe(true);
      expect(matches('amount = 100', { amount: ' 100 ' })).toBe(true);
      expect(matches('amount = 100', { amount: '100 USD' })).toBe(false);
      expect(matches('amount = 0', { amount: '' })).toBe(false);
      expect(matches('amount = 16', { amount: '0x10' })).toBe(false);
      expect(matches('amount != "100"', { amount: 100 })).toBe(false);
    });

    it('keeps two strings as strings', () => {
      expect(matches('code = "1.0"', { code: '1' })).toBe(false);
    });

    it('matches booleans and null only exactly', () => {
      expect(matches('active = true', { active: true })).toBe(true);
      expect(matches('active = true', { active: 'true' })).toBe(false);
      expect(matches('active = false', { active: 0 })).toBe(false);
      expect(matches('owner = null', { owner: 'x' })).toBe(false);
      expect(matches('owner != null', { owner: 'x' })).toBe(true);
    });

    it('never matches objects', () => {
      expect(matches('a = "[object Object]"', { a: {} })).toBe(false);
    });

    it('matches an array when any element matches', () => {
      expect(matches('tags = "hot"', { tags: ['cold', 'hot'] })).toBe(true);
      expect(matches('tags = "warm"', { tags: ['cold', 'hot'] })).toBe(false);
      expect(matches('tags != "hot"', { tags: ['cold', 'hot'] })).toBe(false);
      expect(matches('tags = 2', { tags: [1, [2, 3]] })).toBe(true);
    });

    it('treats a missing field as not equal', () => {
      expect(matches('stage = "won"', {})).toBe(false);
      expect(matches('stage != "won"', {})).toBe(true);
    });
  });

  describe('ordering', () => {
    it('compares numbers', () => {
      const record = { amount: 100 };
      expect(matches('amount > 99', record)).toBe(true);
      expect(matches('amount > 100', record)).toBe(false);
      expect(matches('amount >= 100', record)).toBe(true);
      expect(matches('amount < 100.5', record)).toBe(true);
      expect(matches('amount <= 99', record)).toBe(false);
      expect(matches('amount > -1', record)).toBe(true);
    });

    it('compares a number with a numeric string as numbers', () => {
      expect(matches('amount > 9', { amount: '10' })).toBe(true);
      expect(matches('amount > "9"', { amount: 10 })).toBe(true);
      expect(matches('amount > 9', { amount: 'ten' })).toBe(false);
    });

    it('compares two strings by code unit, which orders ISO dates', () => {
      const record = { closed_at: '2024-03-15T10:00:00Z' };
      expect(matches('closed_at >= "2024-01-01"', record)).toBe(true);
      expect(matches('closed_at < "2024-03-15"', record)).toBe(false);
      expect(matches('closed_at > "2024-03-15"', record)).toBe(true);
      expect(matches('closed_at <= "2024-03-15T10:00:00Z"', record)).toBe(true);
      expect(matches('name < "b"', { name: 'apple' })).toBe(true);
    });

    it('compares Date values as ISO strings', () => {
      expect(matches('at > "2024-01-01"', { at: new Date('2024-06-01T00:00:00Z') })).toBe(true);
      expect(matches('at < "2024-01-01"', { at: new Date('2024-06-01T00:00:00Z') })).toBe(false);
      expect(matches('at = "2024-06-01T00:00:00.000Z"', { at: new Date('2024-06-01T00:00:00Z') })).toBe(true);
      expect(matches('at exists', { at: new Date(Number.NaN) })).toBe(true);
      expect(matches('at > "0"', { at: new Date(Number.NaN) })).toBe(false);
    });

    it('is false for missing fields, mismatched types, booleans, null and objects', () => {
      expect(matches('amount > 1', {})).toBe(false);
      expect(matches('amount < 1', {})).toBe(false);
      expect(matches('amount > 1', { amount: null })).toBe(false);
      expect(matches('amount > 0', { amount: true })).toBe(false);
      expect(matches('amount > 0', { amount: {} })).toBe(false);
      expect(matches('closed_at > 5', { closed_at: '2024-01-01' })).toBe(false);
      expect(matches('amount > "abc"', { amount: 5 })).toBe(false);
    });

    it('holds for an array when any element holds', () => {
      expect(matches('scores > 5', { scores: [1, 9] })).toBe(true);
      expect(matches('scores > 10', { scores: [1, 9] })).toBe(false);
    });
  });

  describe('in and not in', () => {
    it('matches any listed value with = semantics', () => {
      expect(matches('stage in ["won", "lost"]', { stage: 'lost' })).toBe(true);
      expect(matches('stage in ["won", "lost"]', { stage: 'open' })).toBe(false);
      expect(matches('stage not in ["won", "lost"]', { stage: 'open' })).toBe(true);
      expect(matches('stage not in ["won", "lost"]', { stage: 'won' })).toBe(false);
      expect(matches('code in [1, 2]', { code: '2' })).toBe(true);
      expect(matches('owner in [null, "x"]', { owner: null })).toBe(true);
    });

    it('matches an array field when any element is listed', () => {
      expect(matches('tags in ["hot", "new"]', { tags: ['old', 'new'] })).toBe(true);
      expect(matches('tags not in ["hot", "new"]', { tags: ['old', 'new'] })).toBe(false);
    });

    it('treats missing fields and empty lists as not in', () => {
      expect(matches('stage in ["won"]', {})).toBe(false);
      expect(matches('stage not in ["won"]', {})).toBe(true);
      expect(matches('stage in []', { stage: 'won' })).toBe(false);
      expect(matches('stage not in []', { stage: 'won' })).toBe(true);
    });
  });

  describe('contains', () => {
    it('finds substrings, case-sensitively', () => {
      expect(matches('name contains "Acme"', { name: 'Acme Corp' })).toBe(true);
      expect(matches('name contains "acme"', { name: 'Acme Corp' })).toBe(false);
      expect(matches('name contains ""', { name: 'x' })).toBe(true);
      expect(matches('name not contains "Acme"', { name: 'Beta' })).toBe(true);
    });

    it('tests membership in arrays, with = semantics', () => {
      expect(matches('tags contains "hot"', { tags: ['hot', 'new'] })).toBe(true);
      expect(matches('tags contains "ho"', { tags: ['hot', 'new'] })).toBe(false);
      expect(matches('ids contains 7', { ids: ['7', '8'] })).toBe(true);
      expect(matches('flags contains true', { flags: [false, true] })).toBe(true);
      expect(matches('tags not contains "hot"', { tags: ['new'] })).toBe(true);
    });

    it('is false for other values and missing fields', () => {
      expect(matches('amount contains 5', { amount: 5 })).toBe(false);
      expect(matches('name contains 5', { name: '555' })).toBe(false);
      expect(matches('name contains "x"', { name: { x: 1 } })).toBe(false);
      expect(matches('name contains "x"', {})).toBe(false);
      expect(matches('name not contains "x"', {})).toBe(true);
    });
  });

  describe('exists', () => {
    it('checks that the field has a value', () => {
      expect(matches('owner.email exists', { owner: { email: '' } })).toBe(true);
      expect(matches('owner.email exists', { owner: {} })).toBe(false);
      expect(matches('owner.email not exists', { owner: {} })).toBe(true);
      expect(matches('owner.email not exists', { 'owner.email': 'a@b.c' })).toBe(false);
    });
  });

  describe('boolean operators', () => {
    const record = { a: 1, b: 2, c: 3 };

    it('combines with AND, OR and NOT', () => {
      expect(matches('a = 1 AND b = 2', record)).toBe(true);
      expect(matches('a = 1 AND b = 0', record)).toBe(false);
      expect(matches('a = 0 OR b = 2', record)).toBe(true);
      expect(matches('a = 0 OR b = 0', record)).toBe(false);
      expect(matches('NOT a = 0', record)).toBe(true);
      expect(matches('NOT NOT a = 0', record)).toBe(false);
    });

    it('follows precedence and parentheses', () => {
      // true OR (false AND false) is true; (true OR false) AND false is false.
      expect(matches('a = 1 OR b = 0 AND c = 0', record)).toBe(true);
      expect(matches('(a = 1 OR b = 0) AND c = 0', record)).toBe(false);
      // NOT takes only `a = 1`: (NOT true) AND false is false, where NOT (true AND false) is true.
      expect(matches('NOT a = 1 AND b = 0', record)).toBe(false);
      expect(matches('NOT (a = 1 AND b = 0)', record)).toBe(true);
    });

    it('evaluates the deepest nesting the parser accepts', () => {
      const depth = maximumEventFilterNesting;
      const nested = parseEventFilter(
        `${'('.repeat(depth / 2)}${'NOT '.repeat(depth / 2)}a = 1${')'.repeat(depth / 2)}`,
      );
      expect(evaluateEventFilter(nested, record)).toBe(true);
    });
  });
});

describe('compileEventFilter', () => {
  it('returns a reusable predicate', () => {
    const isPartnerWin = compileEventFilter('stage = "won" and sales_details.partner = "P1"');
    const records = [
      { stage: 'won', sales_details: { partner: 'P1' } },
      { stage: 'lost', sales_details: { partner: 'P1' } },
      { stage: 'won', 'sales_details.partner': 'P1' },
    ];
    expect(records.filter(isPartnerWin)).toEqual([records[0], records[2]]);
  });

  it('throws syntax errors when compiling, not when matching', () => {
    expect(() => compileEventFilter('stage = ')).toThrow(
      expect.objectContaining({ name: 'EventFilterSyntaxError', position: 7 }),
    );
  });
});
