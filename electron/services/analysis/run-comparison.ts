import type { ConfusionReport, RunComparison } from '../../../shared/analysis/report-schemas';
import type { SamplePool } from '../../../shared/analysis/sample-schemas';
import { confusionMatrix, confusionPairs } from '../../../shared/ceiling/confusion';
import { mcnemarTest } from '../../../shared/ceiling/mcnemar-test';
import { ApiFailure } from '../../../shared/result';
import type { Project } from '../projects/project';
import { AnalysisStore } from './analysis-store';
import { isWrong, labelAt, loadAnalysisRun, poolRows, predictedAt } from './run-analysis';

/** Confusion pairs among a run's dev (or eyeball) errors and the confusion matrix of all its dev (or eyeball) items. */
export async function runConfusion(
  project: Project,
  runId: string,
  pool: SamplePool,
): Promise<ConfusionReport> {
  const store = await AnalysisStore.of(project);
  const view = await loadAnalysisRun(project, runId);
  const rows = poolRows(view, pool, store.eyeball);
  const pairs = rows.map((row) => ({ given: labelAt(view, row), predicted: predictedAt(view, row) }));
  return {
    runId,
    pairs: confusionPairs(pairs),
    matrix: confusionMatrix(pairs, view.run.predictions.classes),
  };
}

const percentText = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} %`);

/**
 * McNemar's exact test on the dev items both runs predicted as dev (each run scored against the labels
 * it was trained or imported with). The sentence is what the screen and the CLI print.
 */
export async function compareRuns(project: Project, runA: string, runB: string): Promise<RunComparison> {
  if (runA === runB) throw new ApiFailure('invalid_input', 'Pick two different runs to compare.');
  const [a, b] = await Promise.all([loadAnalysisRun(project, runA), loadAnalysisRun(project, runB)]);
  const bDev = new Set(b.devRows);
  let common = 0;
  let aWrong = 0;
  let bWrong = 0;
  let onlyA = 0;
  let onlyB = 0;
  let both = 0;
  for (const rowA of a.devRows) {
    const rowB = b.run.rowOf.get(a.run.predictions.ids[rowA]!);
    if (rowB === undefined || !bDev.has(rowB)) continue;
    common++;
    const wrongA = isWrong(a, rowA);
    const wrongB = isWrong(b, rowB);
    if (wrongA) aWrong++;
    if (wrongB) bWrong++;
    if (wrongA && wrongB) both++;
    else if (wrongA) onlyA++;
    else if (wrongB) onlyB++;
  }
  if (common === 0)
    throw new ApiFailure(
      'invalid_input',
      `Runs ${runA} and ${runB} share no dev items: they cannot be compared.`,
    );
  const test = mcnemarTest(onlyA, onlyB);
  const errorA = (aWrong / common) * 100;
  const errorB = (bWrong / common) * 100;
  const figures =
    `run A ${percentText(errorA)} vs run B ${percentText(errorB)} dev error on ${common} shared dev items; ` +
    `${onlyA} wrong only in A, ${onlyB} only in B (McNemar exact p = ${test.pValue < 0.001 ? test.pValue.toExponential(1) : test.pValue.toFixed(3)})`;
  const sentence = test.distinguishable
    ? `Distinguishable at 5 %: ${figures}.`
    : `Could be noise: ${figures}. Do not chase this difference; more dev data or a bigger change would tell.`;
  return {
    runA,
    runB,
    commonItems: common,
    errorPercentA: errorA,
    errorPercentB: errorB,
    onlyAWrong: onlyA,
    onlyBWrong: onlyB,
    bothWrong: both,
    pValue: test.pValue,
    distinguishable: test.distinguishable,
    sentence,
  };
}
