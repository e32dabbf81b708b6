/** A structured answer that fits the size budget, and the note that says what was left out. */
export interface FittedAnswer {
  answer: Record<string, unknown>;
  note?: string;
}

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * Cuts the longest list of an answer until its JSON fits `maxBytes`, so a big report never floods
 * an agent's context; `howToReadMore` tells the agent how to get the rest.
 */
export function fitAnswer(
  answer: Record<string, unknown>,
  maxBytes: number,
  howToReadMore: string,
): FittedAnswer {
  if (byteLength(answer) <= maxBytes) return { answer };
  const lists = Object.entries(answer).filter((entry): entry is [string, unknown[]] =>
    Array.isArray(entry[1]),
  );
  const longest = lists.sort((left, right) => byteLength(right[1]) - byteLength(left[1]))[0];
  if (!longest) return { answer };
  const [name, items] = longest;
  // The largest number of leading items that fits, found by halving.
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (byteLength({ ...answer, [name]: items.slice(0, middle) }) + 400 <= maxBytes) low = middle;
    else high = middle - 1;
  }
  return {
    answer: { ...answer, [name]: items.slice(0, low) },
    note: `Cut to the first ${low} of ${items.length} ${name} to stay under ${maxBytes} bytes. ${howToReadMore}`,
  };
}
