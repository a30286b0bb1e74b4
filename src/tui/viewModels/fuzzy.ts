// Fuzzy matching for the command palette: every typed character in order, closer and earlier matches first.

/** A score (higher is better) when every character of `query` appears in `text` in order, else null. */
export function fuzzyScore(query: string, text: string): number | null {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (needle === '') return 0;
  const haystack = text.toLowerCase();
  let score = 0;
  let position = -1;
  let previous = -2;
  for (const character of needle) {
    const found = haystack.indexOf(character, position + 1);
    if (found < 0) return null;
    // Adjacent characters and word starts are worth more; gaps cost a little.
    if (found === previous + 1) score += 5;
    if (found === 0 || /[\s.:\-_/]/.test(haystack[found - 1] ?? '')) score += 3;
    score -= Math.min(3, found - position - 1) * 0.5;
    previous = found;
    position = found;
  }
  return score - haystack.length * 0.01;
}

/** The items matching `query`, best first; ties keep their order. */
export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = fuzzyScore(query, textOf(item));
    if (score !== null) scored.push({ item, score, index });
  });
  if (query.trim() !== '') scored.sort((first, second) => second.score - first.score || first.index - second.index);
  return scored.map((entry) => entry.item);
}
