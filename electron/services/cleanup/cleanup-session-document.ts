import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CleanupPolicySchema, DEFAULT_POLICY } from '../../../shared/cleanup/cleanup-schemas';
import { openJsonDocument, type OpenedDocument } from '../storage/json-document';
import { LABELS_FOLDER } from './fix-log-file';

export const SESSION_FILE = 'cleanup-session.json';

/** `<project>/labels/cleanup-session.json` (lowdb, small): the one session's policy. */
export const CleanupSessionDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  policy: CleanupPolicySchema,
  savedAt: z.string().nullable(),
});
export type CleanupSessionDocument = z.infer<typeof CleanupSessionDocumentSchema>;

export async function openCleanupSessionDocument(
  projectDir: string,
): Promise<OpenedDocument<CleanupSessionDocument>> {
  await mkdir(join(projectDir, LABELS_FOLDER), { recursive: true });
  return openJsonDocument(
    join(projectDir, LABELS_FOLDER, SESSION_FILE),
    CleanupSessionDocumentSchema,
    () => ({
      schemaVersion: 1 as const,
      policy: DEFAULT_POLICY,
      savedAt: null,
    }),
  );
}
