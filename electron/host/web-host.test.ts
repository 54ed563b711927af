import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/contract';
import { RENDERER_DIR } from '../services/app-paths';
import type { CeilingApp } from '../services/ceiling-app';
import { createTestApp, valueOf } from '../services/test-support/app';
import { pngBuffer, put, tempDirs } from '../services/test-support/fixtures';
import { startWebHost, type WebHost } from './web-host';

/** A raw HTTP request, so the test controls every header (fetch would not let us forge Host). */
function send(
  host: WebHost,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('web host (DESIGN §6)', () => {
  const temp = tempDirs();
  let app: CeilingApp;
  let host: WebHost;
  let cookie: string;
  let itemId: string;

  beforeAll(async () => {
    const dataset = await temp.make();
    await put(dataset, 'cat/a.png', await pngBuffer(20, 20, 1));
    await put(dataset, 'dog/b.png', await pngBuffer(20, 20, 2));
    app = await createTestApp(await temp.make());
    valueOf(await app.router.call('project.open', { datasetPath: dataset }));
    valueOf(await app.router.call('import.run', {}));
    itemId = valueOf<{ items: { id: string }[] }>(await app.router.call('items.query', {})).items[0]!.id;
    host = await startWebHost({ app, rendererDir: RENDERER_DIR });
    cookie = `ceiling_token=${host.token}`;
  });

  afterAll(async () => {
    await host.close();
    await app.closeProject();
    await temp.cleanupAll();
  });

  it('binds 127.0.0.1 only and prints a URL carrying a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/api/events', `/media/thumb/${itemId}`]) {
      expect((await send(host, path)).status, path).toBe(401);
    }
    const call = await send(host, '/api/call/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(call.status).toBe(401);
    expect((await send(host, '/?token=wrong')).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie', async () => {
    const response = await send(host, `/?token=${host.token}`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(String(response.headers['set-cookie'])).toMatch(
      /ceiling_token=.+; HttpOnly; SameSite=Strict; Path=\//,
    );
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const response = await send(host, '/', {
      headers: { Host: `evil.example:${host.port}`, Cookie: cookie },
    });
    expect(response.status).toBe(421);
  });

  it('answers contract calls with typed results, and refuses cross-origin or non-JSON calls', async () => {
    const json = { 'Content-Type': 'application/json', Cookie: cookie };
    const info = await send(host, '/api/call/app.info', { method: 'POST', headers: json, body: '{}' });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { version: '0.0.0-test' } });

    const invalid = await send(host, '/api/call/items.get', {
      method: 'POST',
      headers: json,
      body: '{"id":"../../etc/passwd"}',
    });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const broken = await send(host, '/api/call/app.info', {
      method: 'POST',
      headers: json,
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe('invalid_input');

    const foreign = await send(host, '/api/call/app.info', {
      method: 'POST',
      headers: { ...json, Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);

    const form = await send(host, '/api/call/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Cookie: cookie },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });

  it('never sends CORS headers and always sends the CSP', async () => {
    const responses = await Promise.all([
      send(host, '/', { headers: { Cookie: cookie, Origin: 'https://evil.example' } }),
      send(host, '/api/call/app.info', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: '{}',
      }),
      send(host, '/nothing-here'),
    ]);
    for (const response of responses) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves images by item id only, never by path', async () => {
    const thumb = await send(host, `/media/thumb/${itemId}`, { headers: { Cookie: cookie } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const image = await send(host, `/media/image/${itemId}`, { headers: { Cookie: cookie } });
    expect(image.headers['content-type']).toBe('image/png');
    for (const path of [
      '/media/image/0000000000000000000a',
      '/media/image/..%2F..%2Fpackage.json',
      '/media/image/cat/a.png',
    ]) {
      expect((await send(host, path, { headers: { Cookie: cookie } })).status, path).toBe(404);
    }
  });

  it('keeps static files inside the renderer folder', async () => {
    for (const path of ['/../package.json', '/..%2F..%2Fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const response = await send(host, path, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(404);
    }
  });

  it('streams service events over server-sent events', async () => {
    const received = await new Promise<ApiEvent>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${host.port}`, Cookie: cookie },
        },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          res.on('data', (chunk: Buffer) => {
            const line = chunk
              .toString()
              .split('\n')
              .find((part) => part.startsWith('data: '));
            if (line) {
              resolve(JSON.parse(line.slice(6)) as ApiEvent);
              req.destroy();
            }
          });
          void app.router.call('import.run', {});
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received.name).toBe('import.progress');
  });
});
