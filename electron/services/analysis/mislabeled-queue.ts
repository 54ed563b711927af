import { MISLABELED_PRESET } from '../../../shared/analysis/preset-categories';
import type { Project } from '../projects/project';
import { AnalysisStore } from './analysis-store';

export interface MislabeledTag {
  itemId: string;
  /** The label typed while tagging, or null when none was given. */
  correctedLabel: string | null;
  note: string;
}

/**
 * Items tagged with the "mislabeled" preset category (found by its preset key, so a rename does not lose
 * it), for the label-cleanup queue (issue 6). In item-id order; empty when the category was deleted.
 */
export async function listMislabeledTags(project: Project): Promise<MislabeledTag[]> {
  const store = await AnalysisStore.of(project);
  const category = store.categories.find((c) => c.preset === MISLABELED_PRESET);
  if (!category) return [];
  return store
    .entries()
    .filter(([, entry]) => entry.categoryIds.includes(category.id))
    .map(([itemId, entry]) => ({ itemId, correctedLabel: entry.correctedLabel, note: entry.note }))
    .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}
