import { listMislabeledTags } from '../analysis/mislabeled-queue';
import type { Project } from '../projects/project';

/** An item an analyst tagged "mislabeled" in error analysis, with the label they typed (null: none). */
export interface AnalystSuspect {
  itemId: string;
  correctedLabel: string | null;
}

/**
 * Items tagged "mislabeled" during error analysis (issue 5 §8), for the cleanup queue: error analysis's
 * `listMislabeledTags` (the preset category, found by its preset key so a rename keeps it). A typed
 * label that is not one of the project's classes is dropped (the reviewer picks one instead).
 */
export async function analystSuspects(
  project: Project,
  classes: readonly string[],
): Promise<AnalystSuspect[]> {
  return (await listMislabeledTags(project)).map((tag) => ({
    itemId: tag.itemId,
    correctedLabel:
      tag.correctedLabel !== null && classes.includes(tag.correctedLabel) ? tag.correctedLabel : null,
  }));
}
