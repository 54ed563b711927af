import { readFile } from 'node:fs/promises';
import type { Split } from '../../../../shared/items';
import type { PredictionsImportReport } from '../../../../shared/calls/prediction-calls';
import { ApiFailure } from '../../../../shared/result';
import { SPLITS } from '../../../../shared/splits';
import type { Project } from '../../projects/project';
import { parsePredictionsCsv, PROBABILITY_SUM_TOLERANCE } from './parse-predictions-csv';
import { frozenSplit, saveForeignRun, type PredictionEntry } from './prediction-run';

/**
 * `predictions.import`: a predictions CSV from any framework becomes a model run over the frozen split.
 * Bad rows are reported by line and skipped; items of the split the CSV does not predict are counted.
 * Without `p_` columns the run stores one-hot probabilities and says its confidence is unknown.
 */
export async function importPredictionsCsv(project: Project, path: string): Promise<PredictionsImportReport> {
  const startedAt = new Date().toISOString();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ApiFailure('not_found', `Cannot read ${path}: ${(error as Error).message}`);
  }
  const split = await frozenSplit(project);
  const index = project.index!;
  const byPath = new Map(index.items.map((item) => [item.path, item]));
  const parsed = parsePredictionsCsv(text, {
    classes: split.classes,
    byId: (id) => index.get(id),
    byPath: (itemPath) => byPath.get(itemPath),
    inSplit: (item) => split.splitOf(item) !== null,
  });
  if (parsed.rows.length === 0)
    throw new ApiFailure(
      'invalid_input',
      `No usable rows in ${path}: ${parsed.problems
        .slice(0, 5)
        .map((problem) => `line ${problem.line}: ${problem.reason}`)
        .join('; ')}`,
    );
  const c = split.classes.length;
  const entries: PredictionEntry[] = parsed.rows.map((row) => {
    let probabilities = row.probabilities;
    if (!probabilities) {
      probabilities = new Float32Array(c);
      probabilities[row.predicted] = 1;
    }
    return { item: row.item, split: split.splitOf(row.item)!, predicted: row.predicted, probabilities };
  });
  const predictedIds = new Set(entries.map((entry) => entry.item.id));
  const missingBySplit = Object.fromEntries(SPLITS.map((name) => [name, 0])) as Record<Split, number>;
  for (const { item, split: name } of split.items) if (!predictedIds.has(item.id)) missingBySplit[name]++;
  const missing = SPLITS.reduce((sum, name) => sum + missingBySplit[name], 0);
  const record = await saveForeignRun(project, {
    source: 'imported-csv',
    split,
    classes: split.classes,
    entries,
    confidenceKnown: parsed.hasProbabilities,
    origin: { path, predicted: entries.length, rejected: parsed.problems.length, missing },
    startedAt,
  });
  return {
    runId: record.id,
    splitVersion: split.version,
    imported: entries.length,
    problems: parsed.problems,
    missing,
    missingBySplit,
    confidenceKnown: parsed.hasProbabilities,
    probabilitySumTolerance: PROBABILITY_SUM_TOLERANCE,
    metrics: record.metrics!,
  };
}
