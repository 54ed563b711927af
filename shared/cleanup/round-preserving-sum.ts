/** numpy's `round`: halves go to the even neighbour (banker's rounding). */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds floats to integers whose sum is the rounded sum of the floats (cleanlab
 * `internal.util.round_preserving_sum`, after cgdeboer/iteround): round each value, then move the
 * values with the largest rounding loss up (or the largest gain down) by one until the totals agree.
 * Ties are broken by position (a stable sort).
 */
export function roundPreservingSum(values: readonly number[]): number[] {
  const ints = values.map(roundHalfEven);
  const target = roundHalfEven(values.reduce((sum, v) => sum + v, 0));
  let total = ints.reduce((sum, v) => sum + v, 0);
  while (Math.abs(total - target) > 1e-6) {
    const difference = target - total;
    const increment = difference < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(difference), values.length);
    const order = values
      .map((value, i) => ({ i, loss: value - ints[i]! }))
      .sort((a, b) => (increment === 1 ? b.loss - a.loss : a.loss - b.loss));
    for (const { i } of order.slice(0, changes)) ints[i]! += increment;
    total = ints.reduce((sum, v) => sum + v, 0);
  }
  return ints;
}

/** Each row rounded with `roundPreservingSum` (cleanlab `count.round_preserving_row_totals`). */
export function roundPreservingRowTotals(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map(roundPreservingSum);
}
