/**
 * The box every hand-drawn SVG chart is laid out in (Train curves, LR finder plot, Tune charts), so the
 * margins are named and the drawing area is worked out the same way everywhere.
 */

/** The plot area of a chart: outer size and the margins left for the axis labels. */
export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The drawing area inside the margins. */
export function innerSize(box: PlotBox): { innerWidth: number; innerHeight: number } {
  return {
    innerWidth: box.width - box.left - box.right,
    innerHeight: box.height - box.top - box.bottom,
  };
}
