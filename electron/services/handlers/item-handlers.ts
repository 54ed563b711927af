import type { itemCalls } from '../../../shared/calls/item-calls';
import { ApiFailure } from '../../../shared/result';
import { blackboxRefusal, visibleItemIndex } from '../analysis/eyeball-service';
import type { CeilingApp } from '../ceiling-app';
import { CleanupService } from '../cleanup/cleanup-service';
import {
  itemPrediction,
  predictionLookup,
  runPredictions,
  type RunPredictions,
} from '../ml/predictions/run-predictions';
import type { LabelLookup, PredictionLookup } from '../items/item-index';
import type { Project } from '../projects/project';
import type { HandlersOf } from '../router';
import { SplitService } from '../splits/split-service';

/** Once a split is frozen, its assignment is the items' split (it overrides the manifest's column). */
export function itemHandlers(app: CeilingApp): HandlersOf<typeof itemCalls> {
  return {
    'items.query': async ({ filter, offset, limit, run }) => {
      const project = app.requireProject();
      const index = await visibleItemIndex(project); // without blackbox items in eyeball mode
      if (!index) return { total: 0, offset, items: [] };
      const splitOf = await (await SplitService.of(project)).splitLookup();
      const labelOf = await currentLabelLookup(project);
      const predictionOf = run ? againstLabels(await runPredictions(project, run), labelOf) : undefined;
      return index.query(filter, offset, limit, splitOf, predictionOf, labelOf);
    },
    'items.facets': async ({ run }) => {
      const project = app.requireProject();
      const index = await visibleItemIndex(project);
      if (!index) return { total: 0, labels: [], sources: [], splits: [] };
      const splitOf = await (await SplitService.of(project)).splitLookup();
      const labelOf = await currentLabelLookup(project);
      const predictionOf = run ? againstLabels(await runPredictions(project, run), labelOf) : undefined;
      return index.facets(splitOf, predictionOf, labelOf);
    },
    'items.prediction': async ({ id, run }) => {
      const project = app.requireProject();
      await refuseBlackbox(project, id);
      const prediction = itemPrediction(await runPredictions(project, run), id);
      const current = (await CleanupService.of(project).currentLabels()).labelOf(id)?.current;
      return prediction && current !== undefined
        ? { ...prediction, correct: prediction.predicted === current }
        : prediction;
    },
    'items.get': async ({ id }) => {
      const project = app.requireProject();
      await refuseBlackbox(project, id);
      const splits = await SplitService.of(project);
      const item = project.index?.get(id, await splits.splitLookup());
      if (!item) throw new ApiFailure('not_found', `No item with id ${id}.`);
      await splits.noteItemViewed(item);
      // label cleanup: the current label, the imported one kept visible when they differ
      const label = (await CleanupService.of(project).currentLabels()).labelOf(id);
      if (!label || (label.current === item.label && !label.excluded)) return item;
      return {
        ...item,
        label: label.current,
        ...(label.current !== label.original ? { originalLabel: label.original } : {}),
        ...(label.excluded ? { excluded: true } : {}),
      };
    },
  };
}

/** The labels the grid shows and filters by: the imported ones plus the label-fix log (issue 6). */
async function currentLabelLookup(project: Project): Promise<LabelLookup> {
  const labels = await CleanupService.of(project).currentLabels();
  return (item) => labels.labelOf(item.id)?.current ?? item.label;
}

/** A run's predictions, "correct" meaning: agrees with the label shown now (the same as the run's own
 * labels until a fix changes one). */
function againstLabels(run: RunPredictions, labelOf: LabelLookup): PredictionLookup {
  const lookup = predictionLookup(run);
  return (item) => {
    const prediction = lookup(item);
    return prediction && { ...prediction, correct: prediction.predicted === labelOf(item) };
  };
}

/** With the eyeball / blackbox split on, a blackbox item's details are not shown (issue 5 §2). */
async function refuseBlackbox(project: Project, id: string): Promise<void> {
  const refusal = await blackboxRefusal(project, id);
  if (refusal) throw new ApiFailure('forbidden', refusal);
}
