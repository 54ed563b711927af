import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  FrozenVersionSchema,
  SplitOrUnusedSchema,
  SplitSettingsSchema,
  type FrozenVersion,
  type SplitOrUnused,
  type SplitSettings,
} from '../../../shared/splits/split-schemas';
import { ApiFailure } from '../../../shared/result';
import { writeFileAtomic } from '../storage/atomic-write';
import { openJsonDocument, type OpenedDocument } from '../storage/json-document';

export const SPLIT_DOCUMENT = 'splits.json';
export const SPLIT_VERSIONS_FOLDER = 'splits';

/** The split document (lowdb): the settings last used and the frozen versions' metadata — small. */
const SplitDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  settings: SplitSettingsSchema,
  versions: z.array(FrozenVersionSchema),
});
type SplitDocument = z.infer<typeof SplitDocumentSchema>;

/** One frozen version's assignment, item id → split, in a file of its own written once. */
const AssignmentFileSchema = z.object({
  schemaVersion: z.literal(1),
  version: z.number().int(),
  createdAt: z.string(),
  assignment: z.record(z.string(), SplitOrUnusedSchema),
});

/**
 * Where a project's splits live: `splits.json` (settings, versions, test-look counts) and
 * `splits/v<N>.json` (each frozen assignment, never rewritten).
 */
export class SplitStore {
  private readonly assignments = new Map<number, Map<string, SplitOrUnused>>();

  private constructor(
    private readonly projectDir: string,
    private readonly document: OpenedDocument<SplitDocument>,
  ) {}

  static async open(projectDir: string): Promise<SplitStore> {
    const document = await openJsonDocument(join(projectDir, SPLIT_DOCUMENT), SplitDocumentSchema, () => ({
      schemaVersion: 1 as const,
      settings: SplitSettingsSchema.parse({}),
      versions: [],
    }));
    return new SplitStore(projectDir, document);
  }

  /** Set when splits.json was damaged and kept aside (the project shows it as a warning). */
  get problem(): string | null {
    return this.document.problem;
  }

  get settings(): SplitSettings {
    return this.document.db.data.settings;
  }

  get versions(): readonly FrozenVersion[] {
    return this.document.db.data.versions;
  }

  get current(): FrozenVersion | null {
    return this.versions.at(-1) ?? null;
  }

  async saveSettings(settings: SplitSettings): Promise<void> {
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    await this.document.db.update((data) => (data.settings = settings));
  }

  /** Write a new version: its assignment file first (exclusively: never over an existing one), then the document. */
  async freeze(
    entry: Omit<FrozenVersion, 'version' | 'file' | 'testLooks'>,
    assignment: Map<string, SplitOrUnused>,
  ): Promise<FrozenVersion> {
    const folder = join(this.projectDir, SPLIT_VERSIONS_FOLDER);
    await mkdir(folder, { recursive: true });
    // after a damaged splits.json the files of earlier versions remain: never reuse their numbers
    const onDisk = (await readdir(folder))
      .map((name) => /^v(\d+)\.json$/.exec(name)?.[1])
      .filter((digits) => digits !== undefined)
      .map(Number);
    const version = Math.max(this.current?.version ?? 0, ...onDisk) + 1;
    const file = `${SPLIT_VERSIONS_FOLDER}/v${version}.json`;
    const path = join(this.projectDir, file);
    const content = JSON.stringify({
      schemaVersion: 1,
      version,
      createdAt: entry.createdAt,
      assignment: Object.fromEntries(assignment),
    });
    try {
      await writeFile(path, '', { flag: 'wx' }); // claim the name: a frozen version is never overwritten
    } catch {
      throw new ApiFailure('io', `${path} already exists: a frozen split is never overwritten.`);
    }
    await writeFileAtomic(path, content);
    const frozen: FrozenVersion = {
      ...entry,
      version,
      file,
      testLooks: { count: 0, firstAt: null, lastAt: null },
    };
    await this.document.db.update((data) => {
      data.versions.push(frozen);
      data.settings = frozen.settings;
    });
    this.assignments.set(version, assignment);
    return frozen;
  }

  /** A frozen version's assignment (read once, then kept). */
  async assignment(version: number): Promise<Map<string, SplitOrUnused>> {
    const cached = this.assignments.get(version);
    if (cached) return cached;
    const entry = this.versions.find((candidate) => candidate.version === version);
    if (!entry) throw new ApiFailure('not_found', `There is no frozen split v${version}.`);
    const path = join(this.projectDir, entry.file);
    let parsed;
    try {
      parsed = AssignmentFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      throw new ApiFailure('io', `Cannot read the frozen split ${path}: ${(error as Error).message}`);
    }
    if (!parsed.success)
      throw new ApiFailure('io', `The frozen split ${path} is damaged (${parsed.error.issues[0]?.message}).`);
    const map = new Map(Object.entries(parsed.data.assignment));
    this.assignments.set(version, map);
    return map;
  }

  /** Count one look at a test item of the current version (count, first and last time). */
  async noteTestLook(now = new Date().toISOString()): Promise<void> {
    await this.document.db.update((data) => {
      const current = data.versions.at(-1);
      if (!current) return;
      current.testLooks.count++;
      current.testLooks.firstAt ??= now;
      current.testLooks.lastAt = now;
    });
  }
}
