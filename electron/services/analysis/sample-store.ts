import { readFile, rm } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SampleIdSchema,
  SampleRecordSchema,
  type SampleRecord,
} from '../../../shared/analysis/sample-schemas';
import { ApiFailure } from '../../../shared/result';
import { newRunId } from '../ml/runs/run-store';
import { writeFileAtomic } from '../storage/atomic-write';
import { savedIds } from '../storage/saved-ids';
import { ANALYSIS_FOLDER } from './analysis-store';

export const SAMPLES_FOLDER = 'samples';

/** `analysis/samples/<id>.json`, one file per sample (a few kB: the ids in draw order). */
export class SampleStore {
  constructor(private readonly projectDir: string) {}

  private get folder(): string {
    return join(this.projectDir, ANALYSIS_FOLDER, SAMPLES_FOLDER);
  }

  private pathOf(id: string): string {
    return join(this.folder, `${SampleIdSchema.parse(id)}.json`);
  }

  /** A new id: the creation time (UTC, sortable) and 24 random bits, as run ids. */
  newId(now = new Date()): string {
    return newRunId(now);
  }

  async save(record: SampleRecord): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await writeFileAtomic(this.pathOf(record.id), JSON.stringify(record) + '\n');
  }

  async get(id: string): Promise<SampleRecord> {
    let text: string;
    try {
      text = await readFile(this.pathOf(id), 'utf8');
    } catch {
      throw new ApiFailure('not_found', `There is no sample ${id}.`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ApiFailure(
        'io',
        `The sample file ${this.pathOf(id)} is not valid JSON (${(error as Error).message}).`,
      );
    }
    const parsed = SampleRecordSchema.safeParse(raw);
    if (!parsed.success)
      throw new ApiFailure(
        'io',
        `The sample file ${this.pathOf(id)} is damaged (${parsed.error.issues[0]?.message}).`,
      );
    return parsed.data;
  }

  /** Every readable sample, newest first (a damaged file is skipped). */
  async list(): Promise<SampleRecord[]> {
    const ids = await savedIds(this.folder, SampleIdSchema, '.json');
    const records: SampleRecord[] = [];
    for (const id of ids) {
      try {
        records.push(await this.get(id));
      } catch {
        // a damaged sample file is not listed; `analysis.sample.get` names its problem
      }
    }
    // ids sort by the second; `created` has milliseconds, for two samples drawn within one second
    return records.sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id));
  }

  async delete(id: string): Promise<boolean> {
    const path = this.pathOf(id);
    try {
      await readFile(path);
    } catch {
      return false;
    }
    await rm(path);
    return true;
  }
}
