import type { analysisCalls } from '../../../shared/calls/analysis-calls';
import type { AnalysisRun } from '../../../shared/analysis/report-schemas';
import { ApiFailure } from '../../../shared/result';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { AnalysisStore } from '../analysis/analysis-store';
import { ceilingReport, exportSample, reportMarkdown } from '../analysis/ceiling-report';
import { blackboxGuard, configureEyeball, eyeballStatus, eyeballView } from '../analysis/eyeball-service';
import { compareRuns, runConfusion } from '../analysis/run-comparison';
import { createSample, deleteSample, extendSample, getSample, listSamples } from '../analysis/sample-service';
import type { CeilingApp } from '../ceiling-app';
import { RunStore } from '../ml/runs/run-store';
import type { Project } from '../projects/project';
import type { HandlersOf } from '../router';

function runLabel(record: RunRecord): string {
  const source = record.source ?? 'trained';
  if (source === 'imported-csv') return 'imported CSV';
  if (source === 'tfjs-model') return 'TF.js model';
  return `${record.config.model.kind} · ${record.curves.length} epoch${record.curves.length === 1 ? '' : 's'}`;
}

/** Completed runs with dev predictions, newest first. */
async function analysisRuns(project: Project): Promise<AnalysisRun[]> {
  const records = await new RunStore(project.projectDir).list();
  return records
    .filter((record) => record.status === 'completed' && (record.metrics?.dev.count ?? 0) > 0)
    .map((record) => {
      const dev = record.metrics!.dev;
      const devErrors = Math.round((dev.errorRate ?? 0) * dev.count);
      return {
        id: record.id,
        source: record.source ?? 'trained',
        label: runLabel(record),
        created: record.startedAt,
        splitVersion: record.splitVersion,
        devCount: dev.count,
        devErrors,
        // from the counts, so 150 of 1,500 reads 10, not 9.999…
        devErrorPercent: dev.errorRate === null ? null : (devErrors / dev.count) * 100,
      };
    });
}

function projectClasses(project: Project): string[] {
  return [...new Set((project.index?.items ?? []).map((item) => item.label))].sort();
}

/** Items a tag, note or corrected label may be put on: known to the project, and not blackbox. */
async function checkTaggable(project: Project, ids: readonly string[]): Promise<void> {
  const refusalOf = await blackboxGuard(project);
  for (const id of ids) {
    if (!project.index?.get(id)) throw new ApiFailure('not_found', `No item with id ${id}.`);
    const refusal = refusalOf(id);
    if (refusal) throw new ApiFailure('forbidden', refusal);
  }
}

export function analysisHandlers(app: CeilingApp): HandlersOf<typeof analysisCalls> {
  const store = () => AnalysisStore.of(app.requireProject());
  return {
    'analysis.overview': async () => {
      const project = app.requireProject();
      return {
        runs: await analysisRuns(project),
        samples: await listSamples(project),
        categories: (await store()).categoryViews(),
        eyeball: await eyeballView(project),
        classes: projectClasses(project),
        warnings: [...(await store()).warnings],
      };
    },
    'analysis.sample.create': async (input) => createSample(app.requireProject(), input),
    'analysis.sample.extend': async ({ sampleId, by }) => extendSample(app.requireProject(), sampleId, by),
    'analysis.sample.get': async ({ sampleId }) => getSample(app.requireProject(), sampleId),
    'analysis.sample.delete': async ({ sampleId }) => ({
      deleted: await deleteSample(app.requireProject(), sampleId),
    }),
    'analysis.categories.save': async (operation) => (await store()).applyCategoryOperation(operation),
    'analysis.tags.set': async ({ itemIds, categoryId, on }) => {
      const project = app.requireProject();
      await checkTaggable(project, itemIds);
      return { items: await (await store()).setTags(itemIds, categoryId, on) };
    },
    'analysis.note.set': async ({ itemId, note }) => {
      const project = app.requireProject();
      await checkTaggable(project, [itemId]);
      return { id: itemId, note: await (await store()).setNote(itemId, note) };
    },
    'analysis.correctedLabel.set': async ({ itemId, label }) => {
      const project = app.requireProject();
      await checkTaggable(project, [itemId]);
      const classes = projectClasses(project);
      if (label !== null && !classes.includes(label))
        throw new ApiFailure(
          'invalid_input',
          `"${label}" is not one of the project's classes (${classes.join(', ')}).`,
        );
      return { id: itemId, correctedLabel: await (await store()).setCorrectedLabel(itemId, label) };
    },
    'analysis.report': async ({ sampleId }) => ceilingReport(app.requireProject(), sampleId),
    'analysis.confusion': async ({ runId, pool }) => runConfusion(app.requireProject(), runId, pool),
    'analysis.compare': async ({ runA, runB }) => compareRuns(app.requireProject(), runA, runB),
    'analysis.eyeball.configure': async (settings) => configureEyeball(app.requireProject(), settings),
    'analysis.eyeball.status': async () => eyeballStatus(app.requireProject()),
    'analysis.export': async ({ sampleId, kind, path }) =>
      exportSample(app.requireProject(), sampleId, kind, path, app.exportScope),
    'analysis.markdown': async ({ sampleId }) => ({
      markdown: await reportMarkdown(app.requireProject(), sampleId),
    }),
  };
}
