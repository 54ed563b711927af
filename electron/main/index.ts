/**
 * The Electron shell: one window, the `ceiling://app` protocol (renderer files and media by item id),
 * and the IPC wiring to the router. Everything the app does lives in ../services (plain Node).
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/ipc-channels';
import { fail } from '../../shared/result';
import { APP_VERSION, DEMO_DATASET, PRELOAD_FILE, RENDERER_DIR } from '../services/app-paths';
import { CeilingApp } from '../services/ceiling-app';
import { blackboxRefusal } from '../services/analysis/eyeball-service';
import { parseMediaPath, readMedia } from '../services/media/media';
import { readRendererFile } from '../services/media/renderer-files';
import {
  allowNavigation,
  allowPermission,
  APP_HOST,
  APP_SCHEME,
  APP_START_URL,
  isAppUrl,
  secureWebPreferences,
  windowOpenDecision,
} from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

async function serveAppProtocol(ceiling: CeilingApp, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  const media = parseMediaPath(url.pathname);
  if (media) {
    const project = ceiling.currentProject;
    const refusal = project ? await blackboxRefusal(project, media.id).catch(() => null) : null;
    if (refusal) return new Response(refusal, { status: 403, headers });
    const found = project ? await readMedia(project, media.kind, media.id).catch(() => null) : null;
    if (!found) return new Response('No such item', { status: 404, headers });
    return new Response(Buffer.from(found.body), {
      headers: { ...headers, 'Content-Type': found.contentType },
    });
  }
  const found = await readRendererFile(RENDERER_DIR, url.pathname);
  if (!found) return new Response('Not found', { status: 404, headers });
  return new Response(found.body, { headers: { ...headers, 'Content-Type': found.contentType } });
}

function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  return event.sender === window.webContents && isAppUrl(event.senderFrame?.url ?? '');
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(allowPermission()),
  );
  session.defaultSession.setPermissionCheckHandler(() => allowPermission());

  let window: BrowserWindow | null = null;
  const ceiling = await CeilingApp.create({
    host: 'electron',
    version: APP_VERSION,
    home: app.getPath('userData'),
    pickFolder: async (title) => {
      const options = { title, properties: ['openDirectory' as const] };
      const picked = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  });
  protocol.handle(APP_SCHEME, (request) => serveAppProtocol(ceiling, request));

  window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Ceiling',
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(PRELOAD_FILE),
  });
  const mainWindow = window;
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name: unknown, input: unknown) =>
    isTrustedSender(event, mainWindow)
      ? ceiling.router.call(name, input)
      : fail('forbidden', 'Unknown sender.'),
  );
  const unsubscribe = ceiling.events.subscribe((event) => {
    if (!mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  mainWindow.on('closed', unsubscribe);

  // Open the dataset named on the command line, or the demo project.
  const dataset =
    process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith('-')) ?? DEMO_DATASET;
  const opened = await ceiling.router.call('project.open', { datasetPath: dataset });
  if (!opened.ok) dialog.showErrorBox('Ceiling could not open the project', opened.error.message);
  await mainWindow.loadURL(APP_START_URL);

  // Release the project lock (after any running import stops writing) before the process ends.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void ceiling.closeProject().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenDecision());
});
app.on('window-all-closed', () => app.quit());

start().catch((error: unknown) => {
  dialog.showErrorBox(
    'Ceiling failed to start',
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  app.exit(1);
});
