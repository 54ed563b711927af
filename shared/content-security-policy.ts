/**
 * The renderer's Content-Security-Policy, sent by both hosts (the Electron protocol handler and the web
 * host): only the app's own scripts, styles and images, no inline script, no eval, no plugins, no frames,
 * no remote anything. Images come from the app's own `/media/...` route by item id.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
