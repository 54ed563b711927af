import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * A file of the built UI for a URL path, as both hosts serve it (the Electron protocol and the web
 * host): `/` is index.html; `..` and encoded separators never leave `rendererDir`. Null when there is
 * no such file.
 */
export async function readRendererFile(
  rendererDir: string,
  pathname: string,
): Promise<{ body: Buffer; contentType: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed %-escape
  }
  const relative = normalize(decoded).replace(/^[/\\]+/, '') || 'index.html';
  const file = join(rendererDir, relative);
  if (!file.startsWith(rendererDir + sep)) return null;
  try {
    return {
      body: await readFile(file),
      contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    };
  } catch {
    return null;
  }
}
