import {
  SplitSettingsSchema,
  type FrozenVersion,
  type SplitPreview,
  type SplitProgress,
  type SplitSettings,
} from '../../../shared/splits/split-schemas';
import { api } from '../api/client';
import { appState } from './app-state.svelte';

/** Settings whose change re-draws items: they unpin the thresholds a frozen version fixed. */
const REDRAWING: readonly (keyof SplitSettings)[] = [
  'targetSource',
  'ratios',
  'trainDevSize',
  'leftoverTargetToTrain',
];

/**
 * The Split screen's state: the settings being edited, the preview they make (recomputed by the
 * services a moment after each change), the frozen versions, perceptual-hash progress and the last export.
 */
class SplitScreenState {
  settings = $state<SplitSettings>(SplitSettingsSchema.parse({}));
  preview = $state<SplitPreview | null>(null);
  versions = $state<FrozenVersion[]>([]);
  progress = $state<SplitProgress | null>(null);
  /** A preview is being computed. */
  working = $state(false);
  freezing = $state(false);
  /** Why the current settings cannot make a split (shown instead of applying them). */
  problem = $state<string | null>(null);
  exported = $state<{ path: string; rows: number } | null>(null);
  /** The split document was damaged and replaced (said once, as the project's other documents do). */
  storeProblem = $state<string | null>(null);

  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listening = false;

  current = $derived(this.versions.at(-1) ?? null);

  /** Saved settings and versions from the project, then their preview (on showing the screen, after changes). */
  async load(): Promise<void> {
    if (!this.listening) {
      api.on('split.progress', (progress) => (this.progress = progress));
      this.listening = true;
    }
    const result = await api.call('split.current', {});
    if (!result.ok) {
      this.problem = result.error.message;
      return;
    }
    this.settings = result.value.settings;
    this.versions = result.value.versions;
    this.storeProblem = result.value.problem;
    await this.refresh();
  }

  /** Change settings and preview them shortly after (typing in a number field previews once). */
  update(change: Partial<SplitSettings>): void {
    const redraws = REDRAWING.some((key) => key in change);
    this.settings = { ...this.settings, ...change, ...(redraws ? { thresholds: null } : {}) };
    this.exported = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 250);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.working = true;
    const result = await api.call('split.preview', $state.snapshot(this.settings));
    if (generation !== this.generation) return;
    this.working = false;
    this.progress = null;
    if (result.ok) {
      this.preview = result.value;
      this.problem = null;
    } else this.problem = result.error.message;
  }

  async freeze(): Promise<void> {
    if (this.freezing || this.problem) return;
    this.freezing = true;
    const result = await api.call('split.freeze', $state.snapshot(this.settings));
    this.freezing = false;
    if (!result.ok) {
      this.problem = result.error.message;
      return;
    }
    this.versions = [...this.versions, result.value];
    this.settings = result.value.settings; // thresholds now pinned
    this.exported = null;
    // the items' split is the frozen one from now on: refresh the facets and the grid (and this screen)
    appState.facets = await api.get('items.facets', {});
    appState.itemsVersion++;
  }

  async exportCsv(): Promise<void> {
    const result = await api.call(
      'split.export',
      this.current ? {} : { preview: $state.snapshot(this.settings) },
    );
    if (result.ok) this.exported = result.value;
    else this.problem = result.error.message;
  }
}

export const splitState = new SplitScreenState();
