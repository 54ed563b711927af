/**
 * Numbers as the decomposition shows them: at least one decimal, at most two ("7.0", "0.7", "0.25"),
 * so 0.7 % and 7 % never look alike. Gaps carry an explicit sign; the minus is U+2212 for reading,
 * machine outputs (CSV, --json) keep plain numbers.
 */
export function formatNumber(value: number): string {
  const fixed = value.toFixed(2);
  return fixed.endsWith('0') ? value.toFixed(1) : fixed;
}

/** A level: "8.0%". */
export function formatPercent(value: number): string {
  return `${formatNumber(value)}%`;
}

/** A gap in percentage points with its sign: "+7.0", "−1.5", "0.0". */
export function formatGap(points: number): string {
  if (points === 0) return formatNumber(0);
  return points > 0 ? `+${formatNumber(points)}` : `−${formatNumber(-points)}`;
}
