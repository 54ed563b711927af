import type { WebPreferences } from 'electron';

/**
 * The Electron window's security settings (DESIGN §6), kept free of runtime `electron` imports so the
 * unit tests can check them with plain Node.
 */

/** The renderer's origin: the custom protocol, never file://. */
export const APP_SCHEME = 'ceiling';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** True only for our own renderer's pages: checked on every IPC call and every navigation. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The app is one page: any navigation away from it (link, drag-drop, redirect) is refused. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** window.open and target=_blank never open a window. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** No permission (camera, notifications, geolocation…) is ever granted to the renderer. */
export function allowPermission(): boolean {
  return false;
}
