/**
 * A real project for the analysis tests: small PNGs imported and a frozen split, plus model runs written
 * the way imported predictions are (saveForeignRun). A run may also predict synthetic dev items that are
 * not in the dataset: that fixes its dev error exactly (150 wrong of 1,500 = 10 %) without 1,500 images.
 */
import { join } from 'node:path';
import type { Item, ItemPage } from '../../../shared/items';
import type { RunRecord } from '../../../shared/training/run-schemas';
import type { CeilingApp } from '../ceiling-app';
import { frozenSplit, saveForeignRun, type PredictionEntry } from '../ml/predictions/prediction-run';
import { createTestApp, valueOf } from './app';
import { putManyPngs, tempDirs } from './fixtures';

export const LABELS = ['boot', 'coat', 'shirt'] as const;

export interface AnalysisFixture {
  app: CeilingApp;
  dataset: string;
  projectDir: string;
  /** The imported items, in path order. */
  items: Item[];
  call: <T>(name: string, input?: unknown) => Promise<T>;
  cleanup: () => Promise<void>;
}

export async function analysisFixture(imageCount: number): Promise<AnalysisFixture> {
  const temps = tempDirs();
  const dataset = await temps.make();
  await putManyPngs(dataset, LABELS, imageCount);
  const projectDir = join(await temps.make(), 'project');
  const app = await createTestApp(await temps.make());
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));
  await call('project.open', { datasetPath: dataset, projectDir });
  await call('import.run');
  await call('split.freeze', {});
  const page = await call<ItemPage>('items.query', { limit: 5000 });
  const items = page.items.map((cell) => app.currentProject!.index!.get(cell.id)!);
  return {
    app,
    dataset,
    projectDir,
    items,
    call,
    cleanup: async () => {
      await app.closeProject();
      await temps.cleanupAll();
    },
  };
}

/** A synthetic item id (20 hex digits) that no PNG of the fixture has. */
export function syntheticId(n: number): string {
  return `ffff${n.toString(16).padStart(16, '0')}`;
}

/**
 * Records a run in which every item of `wrong` is predicted as the next label (probability 0.7), the
 * other real items right, and `extraCorrectDev` synthetic dev items right. All real items count as dev.
 */
export async function saveRun(
  fixture: AnalysisFixture,
  wrong: ReadonlySet<string>,
  extraCorrectDev: number,
  startedAt: string,
): Promise<RunRecord> {
  const project = fixture.app.currentProject!;
  const split = await frozenSplit(project);
  const classes = [...LABELS];
  const entry = (item: Item, wrongPrediction: boolean): PredictionEntry => {
    const given = classes.indexOf(item.label as (typeof LABELS)[number]);
    const predicted = wrongPrediction ? (given + 1) % classes.length : given;
    const probabilities = new Float32Array(classes.length).fill(0.1);
    probabilities[predicted] = 0.7;
    probabilities[(predicted + 1) % classes.length] = 0.2;
    return { item, split: 'dev', predicted, probabilities };
  };
  const entries = fixture.items.map((item) => entry(item, wrong.has(item.id)));
  for (let n = 0; n < extraCorrectDev; n++) {
    const fake: Item = {
      ...fixture.items[0]!,
      id: syntheticId(n),
      path: `synthetic/${n}.png`,
      label: LABELS[n % 3]!,
    };
    entries.push(entry(fake, false));
  }
  return saveForeignRun(project, {
    source: 'imported-csv',
    split,
    classes,
    entries,
    confidenceKnown: true,
    origin: { path: 'test.csv', predicted: entries.length, rejected: 0, missing: 0 },
    startedAt,
  });
}
