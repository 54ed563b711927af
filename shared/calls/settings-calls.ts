import { z } from 'zod';
import { defineCall, NoInput } from './define-call';

/** Per-user settings (kept in the app's home folder, next to the recent projects). */
export const UserSettingsSchema = z.object({
  /** The name label-fix log entries are signed with; null = the login name. */
  reviewerName: z.string().trim().min(1).max(200).nullable(),
});
export type UserSettings = z.infer<typeof UserSettingsSchema>;

export const settingsCalls = {
  'settings.get': defineCall(NoInput, UserSettingsSchema, "The user's settings (reviewer name)."),
  'settings.save': defineCall(
    UserSettingsSchema.partial(),
    UserSettingsSchema,
    'Change settings (the given fields); returns them all.',
  ),
} as const;
