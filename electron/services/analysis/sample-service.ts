import { randomInt } from 'node:crypto';
import type {
  Sample,
  SampleItem,
  SamplePool,
  SampleRecord,
  SampleSummary,
  Stratify,
} from '../../../shared/analysis/sample-schemas';
import {
  drawErrorSample,
  extendErrorSample,
  type SampleStratification,
} from '../../../shared/ceiling/error-sample';
import { ApiFailure } from '../../../shared/result';
import { SPLITS } from '../../../shared/splits';
import type { Project } from '../projects/project';
import { AnalysisStore } from './analysis-store';
import {
  errorRate,
  isBlackbox,
  labelAt,
  loadAnalysisRun,
  poolErrors,
  predictedAt,
  topProbabilities,
  type AnalysisRunView,
} from './run-analysis';
import { SampleStore } from './sample-store';

const STRATIFICATION: Record<Stratify, SampleStratification> = {
  none: 'none',
  class: 'true-class',
  pair: 'confusion-pair',
};

export interface SampleRequest {
  runId: string;
  size: number;
  seed?: number | undefined;
  stratify: Stratify;
  pool?: SamplePool | undefined;
}

/** Which pool a request may draw from: eyeball mode allows only the eyeball part (no blackbox image is shown). */
function resolvePool(requested: SamplePool | undefined, eyeballOn: boolean): SamplePool {
  const pool = requested ?? (eyeballOn ? 'eyeball' : 'dev');
  if (pool === 'dev' && eyeballOn)
    throw new ApiFailure(
      'forbidden',
      'The eyeball / blackbox split is on: samples come from the eyeball part of dev only, so no blackbox image is ever shown. Draw from the eyeball pool, or turn the split off.',
    );
  if (pool === 'eyeball' && !eyeballOn)
    throw new ApiFailure(
      'invalid_input',
      'The eyeball / blackbox split is off: turn it on to draw from the eyeball part.',
    );
  return pool;
}

/** Draws a seeded sample of a run's misclassified dev (or eyeball) items and saves it. */
export async function createSample(project: Project, request: SampleRequest): Promise<Sample> {
  const store = await AnalysisStore.of(project);
  const eyeball = store.eyeball;
  const pool = resolvePool(request.pool, eyeball.enabled);
  const view = await loadAnalysisRun(project, request.runId);
  const errors = poolErrors(view, pool, eyeball);
  if (errors.length === 0)
    throw new ApiFailure(
      'invalid_input',
      `Run ${request.runId} has no misclassified ${pool === 'dev' ? 'dev' : 'eyeball dev'} items: there is nothing to sample.`,
    );
  const seed = request.seed ?? randomInt(0, 2 ** 32);
  const samples = new SampleStore(project.projectDir);
  const now = new Date();
  const record: SampleRecord = {
    schemaVersion: 1,
    id: samples.newId(now),
    seed,
    runId: request.runId,
    splitVersion: view.record.splitVersion,
    created: now.toISOString(),
    stratify: request.stratify,
    pool,
    itemIds: drawErrorSample(errors, seed, request.size, STRATIFICATION[request.stratify]).map(
      (item) => item.id,
    ),
  };
  await samples.save(record);
  return presentSample(project, record, view);
}

/** Appends the next `by` items of the same seeded order; the items already in the sample stay first. */
export async function extendSample(project: Project, sampleId: string, by: number): Promise<Sample> {
  const samples = new SampleStore(project.projectDir);
  const record = await samples.get(sampleId);
  const store = await AnalysisStore.of(project);
  const view = await loadAnalysisRun(project, record.runId);
  const errors = poolErrors(view, record.pool, store.eyeball);
  const itemIds = extendErrorSample(errors, record.seed, record.itemIds, by, STRATIFICATION[record.stratify]);
  if (itemIds.length === record.itemIds.length)
    throw new ApiFailure(
      'invalid_input',
      `The sample already holds all ${record.itemIds.length} misclassified items of its pool: there are none left to add.`,
    );
  const extended = { ...record, itemIds };
  await samples.save(extended);
  return presentSample(project, extended, view);
}

export async function getSample(project: Project, sampleId: string): Promise<Sample> {
  return presentSample(project, await new SampleStore(project.projectDir).get(sampleId));
}

/** The sample with its items as the grid shows them; blackbox items are left out while eyeball mode is on. */
export async function presentSample(
  project: Project,
  record: SampleRecord,
  loaded?: AnalysisRunView,
): Promise<Sample> {
  const store = await AnalysisStore.of(project);
  const eyeball = store.eyeball;
  const view = loaded ?? (await loadAnalysisRun(project, record.runId));
  const visible = record.itemIds.filter((id) => !isBlackbox(id, eyeball));
  const known = new Set(store.categories.map((category) => category.id));
  const items = visible.map((id): SampleItem => {
    const row = view.run.rowOf.get(id);
    const entry = store.entryOf(id);
    const item = project.index?.get(id);
    return {
      id,
      relativePath: item?.path ?? '',
      split: row === undefined ? null : (SPLITS[view.run.predictions.splits[row]!] ?? null),
      given: row === undefined ? (item?.label ?? '') : labelAt(view, row),
      predicted: row === undefined ? '' : predictedAt(view, row),
      confidence:
        row === undefined || !view.run.confidenceKnown ? null : view.run.predictions.confidence[row]!,
      top: row === undefined ? [] : topProbabilities(view, row),
      categoryIds: entry.categoryIds.filter((categoryId) => known.has(categoryId)),
      note: entry.note,
      correctedLabel: entry.correctedLabel,
    };
  });
  return {
    ...summaryOf(record, items),
    devErrorPercent: errorRate(view, view.devRows).percent ?? 0,
    errorsInPool: poolErrors(view, record.pool, eyeball).length,
    items,
    blackboxHidden: record.itemIds.length - visible.length,
  };
}

function summaryOf(
  record: SampleRecord,
  items: readonly { categoryIds: readonly string[] }[],
): SampleSummary {
  const meta = {
    id: record.id,
    seed: record.seed,
    runId: record.runId,
    splitVersion: record.splitVersion,
    created: record.created,
    stratify: record.stratify,
    pool: record.pool,
  };
  return { ...meta, size: items.length, tagged: items.filter((item) => item.categoryIds.length > 0).length };
}

/** The saved samples, newest first, with their tagged counts (no predictions are read). */
export async function listSamples(project: Project): Promise<SampleSummary[]> {
  const store = await AnalysisStore.of(project);
  const eyeball = store.eyeball;
  const known = new Set(store.categories.map((category) => category.id));
  const records = await new SampleStore(project.projectDir).list();
  return records.map((record) =>
    summaryOf(
      record,
      record.itemIds
        .filter((id) => !isBlackbox(id, eyeball))
        .map((id) => ({ categoryIds: store.entryOf(id).categoryIds.filter((c) => known.has(c)) })),
    ),
  );
}

export async function deleteSample(project: Project, sampleId: string): Promise<boolean> {
  return new SampleStore(project.projectDir).delete(sampleId);
}
