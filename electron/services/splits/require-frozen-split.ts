import { ApiFailure } from '../../../shared/result';
import type { FrozenVersion } from '../../../shared/splits/split-schemas';
import type { ItemIndex, SplitLookup } from '../items/item-index';
import type { Project } from '../projects/project';
import { SplitService } from './split-service';

/**
 * The project's items and its frozen split version with the lookup of each item's split, or a
 * `not_found` failure: no items yet, or no split frozen (`needsFrozen` says who needs one, e.g.
 * `Training needs a frozen split`; the message goes on with how to freeze one).
 */
export async function requireFrozenSplit(
  project: Project,
  needsFrozen: string,
): Promise<{ index: ItemIndex; frozen: FrozenVersion; splitOf: SplitLookup }> {
  const index = project.index;
  if (!index || index.size === 0)
    throw new ApiFailure('not_found', 'There are no items: import the dataset first.');
  const splits = await SplitService.of(project);
  const frozen = (await splits.state()).current;
  const splitOf = await splits.splitLookup();
  if (!frozen || !splitOf)
    throw new ApiFailure(
      'not_found',
      `${needsFrozen}: freeze one on the Split screen or with \`ceiling split <dataset> --freeze\`.`,
    );
  return { index, frozen, splitOf };
}
