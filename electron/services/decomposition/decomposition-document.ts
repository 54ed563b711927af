import { join } from 'node:path';
import { z } from 'zod';
import { ErrorsSourceSchema } from '../../../shared/calls/decomposition-calls';
import { openJsonDocument, type OpenedDocument } from '../storage/json-document';

export const DECOMPOSITION_FILE = 'decomposition.json';

const Percent = z.number().min(0).max(100);

/**
 * The project's decomposition document (lowdb, small, user-edited): the human-level entries and the
 * model's errors as last saved. `errorsSource` says where the errors came from: 'manual', or 'run:<runId>'
 * when a model run's per-split error rates filled them in.
 */
export const DecompositionDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  humanLevels: z.array(z.object({ label: z.string().min(1), errorPercent: Percent })),
  errors: z.object({
    train: Percent.nullable(),
    trainDev: Percent.nullable(),
    dev: Percent.nullable(),
    test: Percent.nullable(),
  }),
  errorsSource: ErrorsSourceSchema,
  savedAt: z.string().nullable(),
});
export type DecompositionDocument = z.infer<typeof DecompositionDocumentSchema>;

export function emptyDecompositionDocument(): DecompositionDocument {
  return {
    schemaVersion: 1,
    humanLevels: [],
    errors: { train: null, trainDev: null, dev: null, test: null },
    errorsSource: 'manual',
    savedAt: null,
  };
}

/**
 * Open `<projectDir>/decomposition.json`, creating it empty. A damaged file is kept as
 * `decomposition.json.broken-<time>` and reported through `problem` (see openJsonDocument).
 */
export function openDecompositionDocument(
  projectDir: string,
): Promise<OpenedDocument<DecompositionDocument>> {
  return openJsonDocument(
    join(projectDir, DECOMPOSITION_FILE),
    DecompositionDocumentSchema,
    emptyDecompositionDocument,
  );
}
