import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendInfo } from '../../../../shared/backend';
import { ApiFailure } from '../../../../shared/result';
import {
  LrFindResultSchema,
  type LrFindResult,
  type LrFindSettings,
} from '../../../../shared/tuning/lr-find-result';
import { RunIdSchema } from '../../../../shared/training/run-schemas';
import type { TrainingConfig } from '../../../../shared/training/training-config';
import type { Project } from '../../projects/project';
import { requireFrozenSplit } from '../../splits/require-frozen-split';
import { writeFileAtomic } from '../../storage/atomic-write';
import { savedIds } from '../../storage/saved-ids';
import { ensureDataCacheAtCurrentLabels } from '../data/current-labels-data-cache';
import { newRunId } from '../runs/run-store';
import type { LrFindProgress } from './lr-find-job';
import { startLrFindWorker, type LrFindWorkerHandle } from './lr-find-worker';

export const LR_FINDER_FOLDER = 'lr-finder';

export type LrFinderServiceProgress =
  { phase: 'decoding'; done: number; total: number; points: [] } | ({ phase: 'sweeping' } & LrFindProgress);

interface ActiveSweep {
  cancelled: boolean;
  preparing: AbortController;
  worker: LrFindWorkerHandle | null;
  finished: Promise<unknown>;
}

const perProject = new WeakMap<Project, LrFinderService>();

/**
 * A project's LR range tests: checks that a split is frozen, decodes it into the data cache (shared with
 * training), runs the sweep in the ML worker and saves each completed sweep as
 * `lr-finder/<id>.json` (small: ≤ 2,000 points), so the screen shows the last one after a restart.
 * One sweep at a time per project; a cancelled sweep saves nothing.
 */
export class LrFinderService {
  private active: ActiveSweep | null = null;

  private constructor(private readonly project: Project) {}

  static of(project: Project): LrFinderService {
    let service = perProject.get(project);
    if (!service) perProject.set(project, (service = new LrFinderService(project)));
    return service;
  }

  get running(): boolean {
    return this.active !== null;
  }

  async run(
    config: TrainingConfig,
    settings: LrFindSettings,
    onProgress: (progress: LrFinderServiceProgress) => void = () => undefined,
    /** False once the project was closed (its lock released): nothing may be written into it then. */
    stillOpen: () => boolean = () => true,
  ): Promise<LrFindResult> {
    if (this.active) throw new ApiFailure('busy', 'An LR finder sweep is running: cancel it or wait for it.');
    const active: ActiveSweep = {
      cancelled: false,
      preparing: new AbortController(),
      worker: null,
      finished: Promise.resolve(),
    };
    this.active = active;
    const sweep = this.sweep(config, settings, active, onProgress, stillOpen);
    active.finished = sweep.catch(() => undefined);
    try {
      return await sweep;
    } finally {
      if (this.active === active) this.active = null;
    }
  }

  private async sweep(
    config: TrainingConfig,
    settings: LrFindSettings,
    active: ActiveSweep,
    onProgress: (progress: LrFinderServiceProgress) => void,
    stillOpen: () => boolean,
  ): Promise<LrFindResult> {
    const startedAt = new Date();
    const { index, frozen, splitOf } = await requireFrozenSplit(
      this.project,
      'The LR finder needs a frozen split',
    );
    let cache: { path: string };
    try {
      cache = await ensureDataCacheAtCurrentLabels(this.project, {
        items: index.items,
        splitOf,
        splitVersion: frozen.version,
        input: config.input,
        onProgress: (done, total) => onProgress({ phase: 'decoding', done, total, points: [] }),
        signal: active.preparing.signal,
      });
    } catch (error) {
      if (active.cancelled) throw cancelledFailure();
      throw error;
    }
    if (active.cancelled) throw cancelledFailure();
    let backend: BackendInfo | null = null;
    active.worker = startLrFindWorker(
      { config, settings, cachePath: cache.path },
      {
        onBackend: (info) => (backend = info),
        onProgress: (progress) => onProgress({ phase: 'sweeping', ...progress }),
      },
    );
    if (active.cancelled) active.worker.cancel();
    const found = await active.worker.result;
    if (found.status === 'cancelled' || active.cancelled) throw cancelledFailure();
    if (!stillOpen())
      throw new ApiFailure('cancelled', 'The project was closed during the sweep: nothing was saved.');
    const result: LrFindResult = {
      schemaVersion: 1,
      id: newRunId(startedAt),
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      config,
      settings,
      splitVersion: frozen.version,
      backend,
      ...found,
    };
    await mkdir(this.folder, { recursive: true });
    await writeFileAtomic(this.fileOf(result.id), JSON.stringify(result, null, 1));
    return result;
  }

  /** Stops the running sweep (between batches, or while the split decodes); false when none runs. */
  cancel(): boolean {
    const active = this.active;
    if (!active) return false;
    active.cancelled = true;
    active.preparing.abort();
    active.worker?.cancel();
    return true;
  }

  /** Cancels a running sweep and waits for it: closing a project calls this before releasing its lock. */
  static async stopFor(project: Project): Promise<void> {
    const service = perProject.get(project);
    if (!service?.active) return;
    const finished = service.active.finished;
    service.cancel();
    await finished;
  }

  /** Every readable saved sweep, newest first (damaged files are skipped). */
  async list(): Promise<LrFindResult[]> {
    const ids = await savedIds(this.folder, RunIdSchema, '.json');
    const results: LrFindResult[] = [];
    for (const id of ids) {
      const result = await this.get(id).catch(() => null);
      if (result) results.push(result);
    }
    return results;
  }

  async get(id: string): Promise<LrFindResult> {
    const path = this.fileOf(RunIdSchema.parse(id));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new ApiFailure('not_found', `There is no LR finder result ${id}.`);
    }
    let parsed;
    try {
      parsed = LrFindResultSchema.safeParse(JSON.parse(text));
    } catch {
      throw new ApiFailure('io', `${path} is not JSON.`);
    }
    if (!parsed.success)
      throw new ApiFailure('io', `${path} is damaged (${parsed.error.issues[0]?.message}).`);
    return parsed.data;
  }

  private get folder(): string {
    return join(this.project.projectDir, LR_FINDER_FOLDER);
  }

  private fileOf(id: string): string {
    return join(this.folder, `${id}.json`);
  }
}

function cancelledFailure(): ApiFailure {
  return new ApiFailure('cancelled', 'The LR finder was cancelled: nothing was saved.');
}
