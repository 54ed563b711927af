import type { Project } from '../projects/project';

/** An item an analyst tagged "mislabeled" in error analysis, with the label they typed (null: none). */
export interface AnalystSuspect {
  itemId: string;
  correctedLabel: string | null;
}

/**
 * Items tagged "mislabeled" during error analysis (issue 5 §8), for the cleanup queue. Reads nothing
 * until the error-analysis service provides its list (see docs/decisions.md, Label cleanup).
 */
export async function analystSuspects(
  _project: Project,
): Promise<{ available: boolean; suspects: AnalystSuspect[] }> {
  return { available: false, suspects: [] };
}
