import { describe, expect, it } from 'vitest';
import { fitAnswer } from './answer-size.js';

describe('fitting an answer to the size budget', () => {
  it('leaves a small answer whole', () => {
    expect(fitAnswer({ results: [1, 2] }, 1000, 'more')).toEqual({ answer: { results: [1, 2] } });
  });

  it('cuts the longest list and says how many items were kept and how to read the rest', () => {
    const rows = Array.from({ length: 500 }, (_, index) => ({ id: index, name: `row ${index}` }));
    const fitted = fitAnswer({ results: rows, endOfList: true }, 5000, 'Read page by page.');
    const kept = (fitted.answer.results as unknown[]).length;
    expect(kept).toBeGreaterThan(10);
    expect(kept).toBeLessThan(500);
    expect(JSON.stringify(fitted.answer).length).toBeLessThanOrEqual(5000);
    expect(fitted.note).toBe(
      `Cut to the first ${kept} of 500 results to stay under 5000 bytes. Read page by page.`,
    );
  });
});
