import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import {
  allowNavigation,
  allowPermission,
  APP_START_URL,
  isAppUrl,
  secureWebPreferences,
  windowOpenDecision,
} from './security';

describe('the Electron window is locked down (DESIGN §6)', () => {
  const preferences = secureWebPreferences('/app/out/preload/index.cjs');

  it('isolates the renderer: context isolation, sandbox, no Node, no webview', () => {
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(preferences.preload).toBe('/app/out/preload/index.cjs');
  });

  it('loads the renderer from the custom protocol, not file://', () => {
    expect(APP_START_URL).toBe('ceiling://app/index.html');
    expect(isAppUrl(APP_START_URL)).toBe(true);
  });

  it('trusts only its own origin for IPC senders and navigation', () => {
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'ceiling://evil/index.html',
      'http://127.0.0.1:5173/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
      expect(allowNavigation(url), url).toBe(false);
    }
    expect(allowNavigation('ceiling://app/index.html#/browse')).toBe(true);
  });

  it('denies window.open and every permission request', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(allowPermission()).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('starts from nothing and allows only the app itself', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('has no inline script, no eval and no remote hosts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});
