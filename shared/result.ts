/**
 * The one shape every API call returns, on every transport (IPC, HTTP, CLI): either a value or a typed
 * error with a message a person can read. Errors are data, not exceptions, once they leave a service.
 */

export const ERROR_CODES = [
  'invalid_input', // the payload failed the contract's schema
  'unknown_call', // no such call in the contract
  'no_project', // the call needs an open project
  'project_locked', // another Ceiling instance writes this project
  'not_found', // an id, file or folder that does not exist
  'io', // the file system said no
  'cancelled', // the user cancelled a long job
  'busy', // a long job of the same kind is already running
  'unsupported', // this way into the app cannot do that (e.g. a folder picker in the web host)
  'forbidden', // a transport refused the caller
  'internal', // a bug: the message says what broke
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Extra structured facts, e.g. the schema issues of an invalid payload. */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside services to end a call with a specific code; the router turns it into a Result. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
