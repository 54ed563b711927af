import { z } from 'zod';
import { BackendInfoSchema } from '../backend';
import { defineCall, NoInput } from './define-call';

export const AppInfoSchema = z.object({
  version: z.string(),
  /** How this process was reached: the Electron window, the web host or the CLI. */
  host: z.enum(['electron', 'web', 'cli']),
  backend: BackendInfoSchema,
  node: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const appCalls = {
  'app.info': defineCall(NoInput, AppInfoSchema, 'Version, host and the TF.js backend that would run.'),
  'system.pickFolder': defineCall(
    z.object({ title: z.string().max(200).optional() }).default({}),
    z.object({ path: z.string().nullable() }),
    'A native folder picker (Electron only).',
  ),
} as const;
