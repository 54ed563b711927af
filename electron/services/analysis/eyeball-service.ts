import type {
  EyeballRunRates,
  EyeballSettings,
  EyeballSettingsView,
  EyeballStatus,
} from '../../../shared/analysis/eyeball-schemas';
import { isEyeballItem } from '../../../shared/analysis/eyeball-split';
import { eyeballWarning, type EyeballRates } from '../../../shared/analysis/eyeball-warning';
import { RunStore } from '../ml/runs/run-store';
import type { Project } from '../projects/project';
import { SplitService } from '../splits/split-service';
import { AnalysisStore } from './analysis-store';
import { isBlackbox, isWrong, loadAnalysisRun } from './run-analysis';

/** The settings with the size of each part in the current frozen split's dev set. */
export async function eyeballView(
  project: Project,
  settings?: EyeballSettings,
): Promise<EyeballSettingsView> {
  const current = settings ?? (await AnalysisStore.of(project)).eyeball;
  let eyeballItems = 0;
  let blackboxItems = 0;
  const splitOf = await (await SplitService.of(project)).splitLookup();
  if (splitOf && project.index) {
    for (const item of project.index.items) {
      if (splitOf(item) !== 'dev') continue;
      if (isEyeballItem(item.id, current.fraction, current.seed)) eyeballItems++;
      else blackboxItems++;
    }
  }
  return { ...current, eyeballItems, blackboxItems };
}

export async function configureEyeball(
  project: Project,
  settings: EyeballSettings,
): Promise<EyeballSettingsView> {
  const store = await AnalysisStore.of(project);
  return eyeballView(project, await store.configureEyeball(settings));
}

/** Per completed run (oldest first): eyeball and blackbox dev error, and the warning against the run before. */
export async function eyeballStatus(project: Project): Promise<EyeballStatus> {
  const store = await AnalysisStore.of(project);
  const settings = store.eyeball;
  const records = (await new RunStore(project.projectDir).list())
    .filter((record) => record.status === 'completed' && (record.metrics?.dev.count ?? 0) > 0)
    .reverse();
  const runs: EyeballRunRates[] = [];
  let previous: EyeballRates | null = null;
  for (const record of records) {
    let view;
    try {
      view = await loadAnalysisRun(project, record.id);
    } catch {
      continue; // a run whose predictions cannot be read is not measured
    }
    const rates: EyeballRates = { eyeballErrors: 0, eyeballCount: 0, blackboxErrors: 0, blackboxCount: 0 };
    for (const row of view.devRows) {
      const wrong = isWrong(view, row) ? 1 : 0;
      if (isEyeballItem(view.run.predictions.ids[row]!, settings.fraction, settings.seed)) {
        rates.eyeballCount++;
        rates.eyeballErrors += wrong;
      } else {
        rates.blackboxCount++;
        rates.blackboxErrors += wrong;
      }
    }
    const rate = (errors: number, count: number) => (count === 0 ? null : (errors / count) * 100);
    runs.push({
      runId: record.id,
      created: record.startedAt,
      eyeballErrorPercent: rate(rates.eyeballErrors, rates.eyeballCount),
      blackboxErrorPercent: rate(rates.blackboxErrors, rates.blackboxCount),
      eyeballCount: rates.eyeballCount,
      blackboxCount: rates.blackboxCount,
      warning: previous ? eyeballWarning(previous, rates) : null,
    });
    previous = rates;
  }
  return { settings: await eyeballView(project, settings), runs };
}

/**
 * Why an item's image or details may not be shown (null when they may): with the eyeball split on, a dev
 * item (of the current frozen split) outside the eyeball part is blackbox and never shown. Returns a
 * checker, so a call about many items reads the settings and the split once.
 */
export async function blackboxGuard(project: Project): Promise<(itemId: string) => string | null> {
  const settings = (await AnalysisStore.of(project)).eyeball;
  if (!settings.enabled) return () => null;
  const splitOf = await (await SplitService.of(project)).splitLookup();
  return (itemId) => {
    const item = project.index?.get(itemId);
    if (!item) return null;
    const split = splitOf ? splitOf(item) : item.split;
    if (split !== 'dev' || !isBlackbox(itemId, settings)) return null;
    return `Item ${itemId} is in the blackbox part of dev: with the eyeball / blackbox split on, its image and details are not shown (it is only measured on). Turn the split off in the Ceiling tab to see it.`;
  };
}

export async function blackboxRefusal(project: Project, itemId: string): Promise<string | null> {
  return (await blackboxGuard(project))(itemId);
}
