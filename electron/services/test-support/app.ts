/**
 * Helpers for driving a real CeilingApp through its router in unit tests.
 */
import type { ApiEvent } from '../../../shared/contract';
import type { ApiError, ErrorCode, Result } from '../../../shared/result';
import { CeilingApp, type CeilingAppOptions } from '../ceiling-app';

/** A CeilingApp as the CLI would make it, with its per-user state in `home`. */
export function createTestApp(home: string, options: Partial<CeilingAppOptions> = {}): Promise<CeilingApp> {
  return CeilingApp.create({ home, host: 'cli', version: '0.0.0-test', ...options });
}

/** The value of a successful call; throws with the error's code and message otherwise. */
export function valueOf<T = unknown>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** The error of a failed call, checked to carry `code`. */
export function errorOf(result: Result<unknown>, code: ErrorCode): ApiError {
  if (result.ok) throw new Error(`expected error ${code}, got ok: ${JSON.stringify(result.value)}`);
  if (result.error.code !== code) {
    throw new Error(`expected error ${code}, got ${result.error.code}: ${result.error.message}`);
  }
  return result.error;
}

/** Every event the app emits from now on. */
export function recordEvents(app: CeilingApp): ApiEvent[] {
  const events: ApiEvent[] = [];
  app.events.subscribe((event) => events.push(event));
  return events;
}
