/** Words a label writes in capitals. */
const acronyms = new Set(['csv', 'json', 'xlsx', 'id', 'url', 'pg']);
/** Words a title keeps in lower case between others (n8n's and most style guides' title case). */
const minorWords = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'on',
  'for',
  'by',
  'with',
  'or',
  'and',
  'as',
  'at',
]);

/**
 * A choice's value as a menu shows it, the value itself unchanged: `GREATER_THAN_OR_EQUAL_TO` →
 * "Greater Than or Equal To", `csv` → "CSV", `object.stage_change` → "Object Stage Change". `AND`
 * and `OR` standing alone are the operators and stay in capitals.
 */
export function choiceLabel(value: string): string {
  const words = value.split(/[\s._-]+/).filter((word) => word !== '');
  if (words.length === 1 && ['and', 'or'].includes(words[0]?.toLowerCase() ?? '')) return value.toUpperCase();
  return words
    .map((word, index) => {
      const lower = word.toLowerCase();
      if (lower === 'ids') return 'IDs';
      if (acronyms.has(lower)) return lower.toUpperCase();
      if (index > 0 && index < words.length - 1 && minorWords.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(' ');
}
