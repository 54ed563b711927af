import type { Item, Split } from '../../../shared/items';
import { ApiFailure } from '../../../shared/result';
import { SplitSettingsError } from '../../../shared/splits/assign-split';
import { planSplit, type Plan } from '../../../shared/splits/plan-split';
import type {
  FrozenVersion,
  SplitOrUnused,
  SplitPreview,
  SplitProgress,
  SplitSettings,
  SplitState,
} from '../../../shared/splits/split-schemas';
import type { SplitLookup } from '../items/item-index';
import type { Project } from '../projects/project';
import { PerceptualHashCache } from './perceptual-hash-cache';
import { SplitStore } from './split-store';

export type ProgressListener = (progress: SplitProgress) => void;

/** Progress at most every 100 ms (and always the last), so a 100k-image run does not flood the UI. */
function throttled(listener: ProgressListener): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done !== total && done !== 0 && now - last < 100) return;
    last = now;
    listener({ phase: done === total ? 'done' : 'perceptual-hashes', done, total });
  };
}

const services = new WeakMap<Project, Promise<SplitService>>();

/**
 * A project's splits: previews (with the leakage gate), frozen versions, the CSV export, the split
 * lookup the item calls use once a version is frozen, and the count of looks at the test set.
 * One per open project (`SplitService.of(project)`).
 */
export class SplitService {
  private constructor(
    private readonly project: Project,
    private readonly store: SplitStore,
    private readonly hashes: PerceptualHashCache,
  ) {}

  static of(project: Project): Promise<SplitService> {
    let service = services.get(project);
    if (!service) {
      service = Promise.all([
        SplitStore.open(project.projectDir),
        PerceptualHashCache.open(project.projectDir),
      ]).then(([store, hashes]) => new SplitService(project, store, hashes));
      services.set(project, service);
      service.catch(() => services.delete(project));
    }
    return service;
  }

  async state(): Promise<SplitState> {
    return {
      settings: this.store.settings,
      problem: this.store.problem && `${this.store.problem}; it was kept aside and a fresh one started.`,
      current: this.store.current,
      versions: [...this.store.versions],
    };
  }

  /** The split as these settings would make it; remembers the settings for next time. */
  async preview(settings: SplitSettings, onProgress: ProgressListener): Promise<SplitPreview> {
    const { plan } = await this.plan(settings, onProgress);
    await this.store.saveSettings(settings);
    return plan.preview;
  }

  /**
   * Freeze the split: a new version whose assignment file is written once, with the thresholds pinned
   * so a later preview with the same settings keeps every existing item where it is.
   */
  async freeze(settings: SplitSettings, onProgress: ProgressListener): Promise<FrozenVersion> {
    const { plan, items } = await this.plan(settings, onProgress);
    const pinned: SplitSettings = { ...settings, thresholds: plan.preview.thresholds };
    const assignment = new Map<string, SplitOrUnused>(
      items.map((item, index) => [item.id, plan.assignment[index]!]),
    );
    return this.store.freeze(
      {
        createdAt: new Date().toISOString(),
        settings: pinned,
        itemCount: items.length,
        totals: plan.preview.totals,
        warnings: plan.preview.warnings.filter((warning) => warning.code !== 'test-looked-at'),
      },
      assignment,
    );
  }

  /** Rows of a CSV manifest (id, path, label, source, split) for a frozen version or a preview. */
  async exportRows(
    from: { version?: number; settings?: SplitSettings },
    onProgress: ProgressListener,
  ): Promise<{
    name: string;
    rows: { id: string; path: string; label: string; source: string; split: string }[];
  }> {
    const items = this.items();
    let splitOf: (item: Item, index: number) => SplitOrUnused | undefined;
    let name: string;
    if (from.settings) {
      const { plan } = await this.plan(from.settings, onProgress);
      splitOf = (_item, index) => plan.assignment[index];
      name = 'split-preview.csv';
    } else {
      const version = from.version ?? this.store.current?.version;
      if (version === undefined)
        throw new ApiFailure('not_found', 'No split is frozen yet: freeze one first, or export the preview.');
      const assignment = await this.store.assignment(version);
      splitOf = (item) => assignment.get(item.id);
      name = `split-v${version}.csv`;
    }
    const rows = items.map((item, index) => ({
      id: item.id,
      path: item.path,
      label: item.label,
      source: item.source ?? '',
      split: exportedSplit(splitOf(item, index)),
    }));
    return { name, rows };
  }

  /** Where an item's split comes from once a version is frozen: that version (items added since: none). */
  async splitLookup(): Promise<SplitLookup | undefined> {
    const current = this.store.current;
    if (!current) return undefined;
    const assignment = await this.store.assignment(current.version);
    return (item) => toItemSplit(assignment.get(item.id));
  }

  /**
   * `items.get` calls this with the item as the frozen split sees it: opening a test item is counted,
   * because decisions made by looking at test turn it into a second dev set.
   */
  async noteItemViewed(item: Item): Promise<void> {
    if (this.store.current && item.split === 'test') await this.store.noteTestLook();
  }

  private items(): readonly Item[] {
    const index = this.project.index;
    if (!index || index.size === 0)
      throw new ApiFailure('not_found', 'There are no items to split: import the dataset first.');
    return index.items;
  }

  private async plan(
    settings: SplitSettings,
    onProgress: ProgressListener,
  ): Promise<{ plan: Plan; items: readonly Item[] }> {
    const items = this.items();
    await this.hashes.ensure(items, this.project.datasetRoot, throttled(onProgress));
    const current = this.store.current;
    const frozen = current ? await this.store.assignment(current.version) : null;
    try {
      const plan = planSplit({
        items,
        settings,
        perceptual: items.map((item) => this.hashes.get(item.hash)),
        frozen: current && frozen ? { version: current.version, splitOf: (id) => frozen.get(id) } : null,
        testLooks: current?.testLooks ?? null,
      });
      return { plan, items };
    } catch (error) {
      if (error instanceof SplitSettingsError) throw new ApiFailure('invalid_input', error.message);
      throw error;
    }
  }
}

function toItemSplit(split: SplitOrUnused | undefined): Split | null {
  return split === undefined || split === 'unused' ? null : split;
}

/** In the exported manifest an unused item has an empty split cell (the manifest format's "no split"). */
function exportedSplit(split: SplitOrUnused | undefined): string {
  return split === undefined || split === 'unused' ? '' : split;
}
