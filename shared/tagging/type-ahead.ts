/**
 * Type-ahead over class names: names starting with the query first, then names with a word starting
 * with it, then names containing it; case-insensitive, each group in its original order.
 */
export function typeAhead(names: readonly string[], query: string, limit = 8): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return names.slice(0, limit);
  const rank = (name: string): number => {
    const lower = name.toLowerCase();
    if (lower.startsWith(q)) return 0;
    if (lower.split(/[\s_\-/.]+/).some((word) => word.startsWith(q))) return 1;
    return lower.includes(q) ? 2 : 3;
  };
  return names
    .map((name, order) => ({ name, order, rank: rank(name) }))
    .filter((entry) => entry.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.name);
}
