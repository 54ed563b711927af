import { innerSize, type PlotBox } from '../../../../shared/charts/plot-box-view';

export type { PlotBox };

/** 0 … 1 → pixels inside the box (y grows upward). */
export function plotScale(box: PlotBox) {
  const { innerWidth, innerHeight } = innerSize(box);
  return {
    x: (fraction: number) => box.left + fraction * innerWidth,
    y: (fraction: number) => box.top + (1 - fraction) * innerHeight,
    innerWidth,
    innerHeight,
  };
}

/** Dev accuracy as a percent label with as many decimals as the tick step needs. */
export function percentTick(value: number, step: number): string {
  const decimals = step >= 0.01 ? 0 : step >= 0.001 ? 1 : 2;
  return `${(value * 100).toFixed(decimals)}%`;
}

/** Where `value` sits between low and high, 0 … 1. */
export function fractionOf(value: number, low: number, high: number): number {
  return high > low ? (value - low) / (high - low) : 0.5;
}
