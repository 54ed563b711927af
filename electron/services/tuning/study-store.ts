import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiFailure } from '../../../shared/result';
import {
  StudyIdSchema,
  StudySchema,
  TrialSchema,
  type Study,
  type Trial,
} from '../../../shared/tuning/study-schemas';
import { writeFileAtomic } from '../storage/atomic-write';
import { savedIds } from '../storage/saved-ids';

export const STUDIES_FOLDER = join('tuning', 'studies');
export const STUDY_FILE = 'study.json';
export const TRIALS_FOLDER = 'trials';

/**
 * A project's tuning studies on disk: `tuning/studies/<studyId>/study.json` (settings and status) and
 * one small file per trial, `tuning/studies/<studyId>/trials/<number>.json` (params, curve, status,
 * times). A trial's file is rewritten at each of its epochs' ends and status changes, so a write stays
 * small however many trials the study has. Every write is atomic (write, fsync, rename).
 */
export class StudyStore {
  constructor(private readonly projectDir: string) {}

  folderOf(studyId: string): string {
    return join(this.projectDir, STUDIES_FOLDER, StudyIdSchema.parse(studyId));
  }

  async create(study: Study, trials: readonly Trial[]): Promise<void> {
    await mkdir(join(this.folderOf(study.id), TRIALS_FOLDER), { recursive: true });
    for (const trial of trials) await this.saveTrial(trial);
    await this.saveStudy(study);
  }

  async saveStudy(study: Study): Promise<void> {
    await writeFileAtomic(join(this.folderOf(study.id), STUDY_FILE), JSON.stringify(study, null, 1));
  }

  async saveTrial(trial: Trial): Promise<void> {
    await writeFileAtomic(
      join(this.folderOf(trial.studyId), TRIALS_FOLDER, `${trial.number}.json`),
      JSON.stringify(trial),
    );
  }

  async getStudy(studyId: string): Promise<Study> {
    const path = join(this.folderOf(studyId), STUDY_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new ApiFailure('not_found', `There is no study ${studyId}.`);
    }
    const parsed = StudySchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new ApiFailure('io', `${path} is damaged (${parsed.error.issues[0]?.message}).`);
    return parsed.data;
  }

  /** The study's trials by number; a damaged trial file is reported, not skipped silently. */
  async getTrials(studyId: string): Promise<Trial[]> {
    const folder = join(this.folderOf(studyId), TRIALS_FOLDER);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    const trials: Trial[] = [];
    for (const name of names.filter((n) => /^[0-9]+\.json$/.test(n))) {
      const path = join(folder, name);
      const parsed = TrialSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (!parsed.success)
        throw new ApiFailure('io', `${path} is damaged (${parsed.error.issues[0]?.message}).`);
      trials.push(parsed.data);
    }
    return trials.sort((a, b) => a.number - b.number);
  }

  /** Every readable study, newest first; damaged ones are skipped. */
  async listStudies(): Promise<Study[]> {
    const studies: Study[] = [];
    for (const name of await savedIds(join(this.projectDir, STUDIES_FOLDER), StudyIdSchema)) {
      try {
        studies.push(await this.getStudy(name));
      } catch {
        // a half-created folder or a damaged study: not one to show
      }
    }
    return studies;
  }

  async remove(studyId: string): Promise<void> {
    await rm(this.folderOf(studyId), { recursive: true, force: true });
  }
}
