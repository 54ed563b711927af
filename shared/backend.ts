import { z } from 'zod';

/** TF.js backends in the order Ceiling tries them (DESIGN §5). */
export const TF_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

export const BackendInfoSchema = z.object({
  /** The backend training and inference would run on. */
  name: z.enum(TF_BACKENDS),
  /** Why this one and not the one before it. */
  reason: z.string(),
  /** What installing the native backend would gain, when it is not the one in use. */
  advice: z.string().nullable(),
});
export type BackendInfo = z.infer<typeof BackendInfoSchema>;
