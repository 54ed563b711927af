import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiFailure } from '../../../../shared/result';
import {
  RunIdSchema,
  RunRecordSchema,
  type RunRecord,
  type RunSummary,
} from '../../../../shared/training/run-schemas';
import { writeFileAtomic } from '../../storage/atomic-write';
import { savedIds } from '../../storage/saved-ids';
import { MODEL_FILE, WEIGHTS_FILE } from './model-folder-handler';
import { PREDICTIONS_FILE } from './predictions-file';

export const RUNS_FOLDER = 'runs';
export const RUN_FILE = 'run.json';
/** What a completed run holds besides run.json; removed when a run is cancelled or fails. */
export const RUN_ARTIFACTS = [MODEL_FILE, WEIGHTS_FILE, PREDICTIONS_FILE] as const;

/** `20261204-221503-a1b2c3`: UTC start time (sorts by time) and 24 random bits. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * A project's model runs: `runs/<runId>/run.json` (small, rewritten atomically at each epoch's end and at
 * the end) beside the run's model (model.json + weights.bin) and predictions.bin, which exist only in a
 * completed run.
 */
export class RunStore {
  constructor(private readonly projectDir: string) {}

  folderOf(runId: string): string {
    return join(this.projectDir, RUNS_FOLDER, RunIdSchema.parse(runId));
  }

  async create(record: RunRecord): Promise<void> {
    await mkdir(this.folderOf(record.id), { recursive: true });
    await this.save(record);
  }

  async save(record: RunRecord): Promise<void> {
    await writeFileAtomic(join(this.folderOf(record.id), RUN_FILE), JSON.stringify(record, null, 1));
  }

  /** Removes a run's model and predictions (a cancelled or failed run keeps only its run.json). */
  async removeArtifacts(runId: string): Promise<void> {
    const folder = this.folderOf(runId);
    await Promise.all(RUN_ARTIFACTS.map((name) => rm(join(folder, name), { force: true })));
    // temporary files of an interrupted atomic write (storage/atomic-write.ts names them .<name>.*.tmp)
    for (const name of await readdir(folder))
      if (name.endsWith('.tmp')) await rm(join(folder, name), { force: true });
  }

  async get(runId: string): Promise<RunRecord> {
    const path = join(this.folderOf(runId), RUN_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new ApiFailure('not_found', `There is no run ${runId}.`);
    }
    const parsed = RunRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new ApiFailure('io', `${path} is damaged (${parsed.error.issues[0]?.message}).`);
    return parsed.data;
  }

  /** Every readable run, newest first; damaged records are skipped. */
  async list(): Promise<RunRecord[]> {
    const records: RunRecord[] = [];
    for (const name of await savedIds(join(this.projectDir, RUNS_FOLDER), RunIdSchema)) {
      try {
        records.push(await this.get(name));
      } catch {
        // a half-created folder or a damaged record: not a run to show
      }
    }
    return records;
  }
}

export function summarize(record: RunRecord): RunSummary {
  return {
    id: record.id,
    status: record.status,
    splitVersion: record.splitVersion,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    metrics: record.metrics,
    error: record.error,
    model: record.config.model.kind,
    epochs: record.curves.length,
    source: record.source ?? 'trained',
    confidenceKnown: record.confidenceKnown ?? true,
    labelFixRevision: record.labelFixRevision,
    ...(record.labelCoverageWarning ? { labelCoverageWarning: record.labelCoverageWarning } : {}),
  };
}
