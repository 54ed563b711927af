/** Keyboard movement in a grid of `total` cells laid out `cols` to a row. */
export type GridMove = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/**
 * Where a move lands from `current`: left/right step one cell (wrapping across rows, like reading),
 * up/down one row, page moves `pageRows` rows; all clamped to the first and last cell.
 */
export function moveIndex(
  current: number,
  move: GridMove,
  cols: number,
  total: number,
  pageRows = 1,
): number {
  if (total <= 0) return 0;
  const step: Record<GridMove, number> = {
    left: -1,
    right: 1,
    up: -cols,
    down: cols,
    pageUp: -cols * Math.max(1, pageRows),
    pageDown: cols * Math.max(1, pageRows),
    home: -Infinity,
    end: Infinity,
  };
  const to = current + step[move];
  return Math.max(0, Math.min(total - 1, Number.isFinite(to) ? to : to > 0 ? total - 1 : 0));
}

/** The indices from `anchor` to `to`, both included, in either direction (a shift-click or shift-arrow range). */
export function indexRange(anchor: number, to: number): number[] {
  const [from, until] = anchor <= to ? [anchor, to] : [to, anchor];
  return Array.from({ length: until - from + 1 }, (_, i) => from + i);
}
