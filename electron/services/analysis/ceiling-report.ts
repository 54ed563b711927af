import { ceilingMarkdown } from '../../../shared/analysis/ceiling-format';
import type { CeilingReport } from '../../../shared/analysis/report-schemas';
import type { Sample } from '../../../shared/analysis/sample-schemas';
import { ceilingTable } from '../../../shared/ceiling/ceiling-table';
import { countTags } from '../../../shared/ceiling/tag-counts';
import { toCsv } from '../../../shared/csv/to-csv';
import type { Project } from '../projects/project';
import { writeExport, type ExportScope } from '../exports/write-export';
import { AnalysisStore } from './analysis-store';
import { getSample } from './sample-service';

/**
 * The ceiling table of a sample (shared/ceiling/ceiling-table.ts): the shares are counted over the
 * sample's items as the grid shows them, the finite-population N is the misclassified items of the pool
 * the sample was drawn from, and the dev error is the run's over all its dev items.
 */
export async function ceilingReport(project: Project, sampleId: string): Promise<CeilingReport> {
  return reportOf(project, await getSample(project, sampleId));
}

export async function reportOf(project: Project, sample: Sample): Promise<CeilingReport> {
  const store = await AnalysisStore.of(project);
  const categories = store.categories;
  const counts = countTags(
    sample.items.map((item) => ({ categories: item.categoryIds })),
    categories,
  );
  const table = ceilingTable({
    devErrorPercent: sample.devErrorPercent,
    sampledErrors: counts.sampledErrors,
    totalErrors: Math.max(sample.errorsInPool, counts.sampledErrors),
    categories: counts.categories,
    untagged: counts.untagged,
  });
  return {
    sampleId: sample.id,
    runId: sample.runId,
    seed: sample.seed,
    devErrorPercent: sample.devErrorPercent,
    errorsInPool: sample.errorsInPool,
    sampleSize: sample.size,
    tagged: sample.tagged,
    colours: Object.fromEntries(categories.map((category) => [category.id, category.colour])),
    table,
  };
}

export async function reportMarkdown(project: Project, sampleId: string, now = new Date()): Promise<string> {
  return ceilingMarkdown(await ceilingReport(project, sampleId), now.toISOString());
}

/** Rounded for a spreadsheet: fractions as percent with 2 decimals. */
const pct = (fraction: number | null) => (fraction === null ? null : Math.round(fraction * 10000) / 100);
const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * CSV exports. Every row starts with the same four provenance columns (model run, sample, seed, export
 * time) instead of comment lines above the header: spreadsheets, pandas and papaparse read the file as
 * one plain table, and a row copied elsewhere still says where it came from.
 */
const PROVENANCE = ['model_run', 'sample_id', 'seed', 'exported_at'] as const;

export const CEILING_COLUMNS = [
  ...PROVENANCE,
  'dev_error_percent',
  'sampled_errors',
  'errors_in_pool',
  'category',
  'count',
  'share_percent',
  'share_low_percent',
  'share_high_percent',
  'ceiling_percent',
  'ceiling_low_percent',
  'ceiling_high_percent',
  'gain_points',
] as const;

export const ITEM_COLUMNS = [
  ...PROVENANCE,
  'id',
  'relative_path',
  'split',
  'given',
  'predicted',
  'confidence',
  'categories',
  'note',
  'corrected_label',
] as const;

export async function ceilingCsv(
  project: Project,
  sampleId: string,
  now = new Date(),
): Promise<{ csv: string; rows: number }> {
  const report = await ceilingReport(project, sampleId);
  const provenance = {
    model_run: report.runId,
    sample_id: report.sampleId,
    seed: report.seed,
    exported_at: now.toISOString(),
  };
  const rows = report.table.rows.map((row) => ({
    ...provenance,
    dev_error_percent: round2(report.devErrorPercent),
    sampled_errors: report.table.sampledErrors,
    errors_in_pool: report.errorsInPool,
    category: row.kind === 'untagged' ? '(untagged)' : row.name,
    count: row.count,
    share_percent: pct(row.share),
    share_low_percent: pct(row.shareLow),
    share_high_percent: pct(row.shareHigh),
    ceiling_percent: round2(row.ceilingPercent),
    ceiling_low_percent: round2(row.ceilingLowPercent),
    ceiling_high_percent: round2(row.ceilingHighPercent),
    gain_points: round2(row.gainPoints),
  }));
  return { csv: toCsv(CEILING_COLUMNS, rows), rows: rows.length };
}

export async function itemsCsv(
  project: Project,
  sampleId: string,
  now = new Date(),
): Promise<{ csv: string; rows: number }> {
  const sample = await getSample(project, sampleId);
  const store = await AnalysisStore.of(project);
  const nameOf = new Map(store.categories.map((category) => [category.id, category.name]));
  const provenance = {
    model_run: sample.runId,
    sample_id: sample.id,
    seed: sample.seed,
    exported_at: now.toISOString(),
  };
  const rows = sample.items.map((item) => ({
    ...provenance,
    id: item.id,
    relative_path: item.relativePath,
    split: item.split ?? '',
    given: item.given,
    predicted: item.predicted,
    confidence: item.confidence === null ? null : Math.round(item.confidence * 10000) / 10000,
    categories: item.categoryIds.map((id) => nameOf.get(id) ?? id).join('; '),
    note: item.note,
    corrected_label: item.correctedLabel ?? '',
  }));
  return { csv: toCsv(ITEM_COLUMNS, rows), rows: rows.length };
}

export async function exportSample(
  project: Project,
  sampleId: string,
  kind: 'ceiling' | 'items',
  target: string | undefined,
  scope: ExportScope,
): Promise<{ path: string; rows: number }> {
  const { csv, rows } =
    kind === 'ceiling' ? await ceilingCsv(project, sampleId) : await itemsCsv(project, sampleId);
  const path = await writeExport(
    project.projectDir,
    `${kind === 'ceiling' ? 'ceiling' : 'sample-items'}-${sampleId}.csv`,
    csv,
    target,
    scope,
  );
  return { path, rows };
}
