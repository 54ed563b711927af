import type { settingsCalls } from '../../../shared/calls/settings-calls';
import type { HandlersOf } from '../router';
import type { UserSettingsStore } from '../settings/user-settings';

export function settingsHandlers(settings: UserSettingsStore): HandlersOf<typeof settingsCalls> {
  return {
    'settings.get': async () => settings.get(),
    'settings.save': async (changes) => settings.save(changes),
  };
}
