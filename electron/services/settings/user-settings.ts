import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { UserSettingsSchema, type UserSettings } from '../../../shared/calls/settings-calls';
import { openJsonDocument, type OpenedDocument } from '../storage/json-document';

const SettingsDocumentSchema = UserSettingsSchema.extend({ schemaVersion: z.literal(1) });
type SettingsDocument = z.infer<typeof SettingsDocumentSchema>;

/** Per-user settings in the Ceiling home (`settings.json`, lowdb): the reviewer name fixes are signed with. */
export class UserSettingsStore {
  private constructor(private readonly document: OpenedDocument<SettingsDocument>) {}

  static async open(home: string): Promise<UserSettingsStore> {
    return new UserSettingsStore(
      await openJsonDocument(join(home, 'settings.json'), SettingsDocumentSchema, () => ({
        schemaVersion: 1 as const,
        reviewerName: null,
      })),
    );
  }

  get(): UserSettings {
    return { reviewerName: this.document.db.data.reviewerName };
  }

  async save(changes: Partial<UserSettings>): Promise<UserSettings> {
    await this.document.db.update((data) => {
      if (changes.reviewerName !== undefined) data.reviewerName = changes.reviewerName;
    });
    return this.get();
  }

  /** The name decisions are signed with: the setting, else $CEILING_REVIEWER, else the login name. */
  reviewer(): string {
    return this.get().reviewerName ?? process.env.CEILING_REVIEWER ?? loginName();
  }
}

function loginName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
