import { z } from 'zod';
import {
  FrozenVersionSchema,
  SplitPreviewSchema,
  SplitSettingsSchema,
  SplitStateSchema,
} from '../splits/split-schemas';
import { defineCall, NoInput } from './define-call';

export const splitCalls = {
  'split.preview': defineCall(
    SplitSettingsSchema,
    SplitPreviewSchema,
    'The split these settings make: counts per split × source × class, warnings, leakage report, recommended ratios; streams split.progress.',
  ),
  'split.freeze': defineCall(
    SplitSettingsSchema,
    FrozenVersionSchema,
    'Freeze the split as a new version (its assignment written once); items then show its splits.',
  ),
  'split.current': defineCall(NoInput, SplitStateSchema, 'The saved split settings and the frozen versions.'),
  'split.export': defineCall(
    z
      .object({
        /** A frozen version (default: the current one). */
        version: z.number().int().positive().optional(),
        /** Export the preview of these settings instead of a frozen version. */
        preview: SplitSettingsSchema.optional(),
        /** Where to write; default <project>/exports/split-v<N>.csv; relative paths are taken from the project folder. */
        path: z.string().min(1).optional(),
      })
      .default({}),
    z.object({ path: z.string(), rows: z.number().int() }),
    'Write the split as a CSV manifest (id, path, label, source, split); returns the path.',
  ),
} as const;
