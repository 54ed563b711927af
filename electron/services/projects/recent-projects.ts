import { join } from 'node:path';
import { z } from 'zod';
import { RecentProjectSchema, type RecentProject } from '../../../shared/project';
import { openJsonDocument } from '../storage/json-document';

const MAX_RECENT = 12;
const RecentDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  projects: z.array(RecentProjectSchema),
});

/** The recent-projects list in the user's Ceiling home (one small lowdb document). */
export class RecentProjects {
  private constructor(private readonly document: Awaited<ReturnType<typeof openRecent>>) {}

  static async open(home: string): Promise<RecentProjects> {
    return new RecentProjects(await openRecent(home));
  }

  list(): RecentProject[] {
    return this.document.db.data.projects;
  }

  async remember(entry: Omit<RecentProject, 'openedAt'>): Promise<void> {
    await this.document.db.update((data) => {
      data.projects = [
        { ...entry, openedAt: new Date().toISOString() },
        ...data.projects.filter((project) => project.projectDir !== entry.projectDir),
      ].slice(0, MAX_RECENT);
    });
  }
}

function openRecent(home: string) {
  return openJsonDocument(join(home, 'recent-projects.json'), RecentDocumentSchema, () => ({
    schemaVersion: 1 as const,
    projects: [],
  }));
}
