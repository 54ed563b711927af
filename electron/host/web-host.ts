import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import type { CeilingApp } from '../services/ceiling-app';
import { blackboxRefusal } from '../services/analysis/eyeball-service';
import { parseMediaPath, readMedia } from '../services/media/media';
import { readRendererFile } from '../services/media/renderer-files';

export interface WebHostOptions {
  app: CeilingApp;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** A fixed token (tests); a random one per run otherwise. */
  token?: string;
}

export interface WebHost {
  /** The URL to open: it carries the token once, then a cookie does. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'ceiling_token';
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The web host: the same UI and the same contract over HTTP + server-sent events, for e2e tests and for
 * people on a headless box. DESIGN §6: binds 127.0.0.1 only; every request needs the per-run token
 * (query once, then an HttpOnly SameSite=Strict cookie); a Host header other than 127.0.0.1/localhost
 * at our port is refused (DNS rebinding); no CORS headers are ever sent; API calls must be JSON POSTs
 * from our own origin.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 500, `Internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return sendText(response, 421, 'This Ceiling host only answers to 127.0.0.1 and localhost.');
    }
    const url = new URL(request.url ?? '/', origin);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && request.method === 'GET') {
      if (!sameToken(queryToken, token)) return sendText(response, 401, 'Wrong access token.');
      url.searchParams.delete('token');
      response.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      response.writeHead(303, { Location: url.pathname + url.search });
      response.end();
      return;
    }
    if (!isAuthorized(request, token)) {
      return sendText(
        response,
        401,
        'Ceiling needs its access token: open the full URL that `ceiling serve` or `npm start` printed.',
      );
    }
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url);
    const media = parseMediaPath(url.pathname);
    if (media) {
      const project = options.app.currentProject;
      const refusal = project ? await blackboxRefusal(project, media.id).catch(() => null) : null;
      if (refusal) return sendText(response, 403, refusal);
      const found = project ? await readMedia(project, media.kind, media.id).catch(() => null) : null;
      if (!found) return sendText(response, 404, 'No such item.');
      response.writeHead(200, {
        'Content-Type': found.contentType,
        'Cache-Control': 'private, max-age=3600',
      });
      response.end(found.body);
      return;
    }
    return serveStatic(response, url.pathname);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/events' && request.method === 'GET') return streamEvents(request, response);
    const match = /^\/api\/call\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (!match || request.method !== 'POST') return sendText(response, 404, 'No such API route.');
    const requestOrigin = request.headers.origin;
    if (
      requestOrigin !== undefined &&
      requestOrigin !== origin &&
      requestOrigin !== `http://localhost:${port}`
    ) {
      return sendText(response, 403, 'Cross-origin calls are refused.');
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendText(response, 415, 'API calls must be application/json.');
    }
    let input: unknown;
    try {
      const body = await readBody(request);
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch (error) {
      return sendJson(response, 400, {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `The request body is not valid JSON (${(error as Error).message}).`,
        },
      });
    }
    sendJson(response, 200, await options.app.router.call(match[1], input));
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = options.app.events.subscribe((event) => {
      response.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': ping\n\n'), 15_000);
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
    const found = await readRendererFile(options.rendererDir, pathname);
    if (!found) return sendText(response, 404, 'Not found.');
    response.writeHead(200, { 'Content-Type': found.contentType });
    response.end(found.body);
  }

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function isAuthorized(request: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return sameToken(bearer, token);
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${COOKIE}=`));
  return cookie !== undefined && sameToken(cookie.slice(COOKIE.length + 1), token);
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text + '\n');
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(value));
}
