import type { VGridHandle } from 'virtua/svelte';

/**
 * Scroll a virtual grid just enough that the row holding item `index` is whole in view (nothing when it
 * already is), so keyboard moves never jump the page. Shared by the Browse grid and the Analyze tagging grid.
 */
export function keepRowInView(grid: VGridHandle, index: number, cols: number, rowHeight: number): void {
  const rowIndex = Math.floor(index / cols);
  const top = grid.getVerticalScrollOffset();
  const rowTop = rowIndex * rowHeight;
  if (rowTop < top || rowTop + rowHeight > top + grid.getViewportHeight()) {
    grid.scrollToIndex({ rowIndex, rowAlign: 'nearest' });
  }
}
