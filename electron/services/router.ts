import {
  contract,
  isCallName,
  type CallName,
  type CallOutput,
  type CallParsedInput,
} from '../../shared/contract';
import { ApiFailure, fail, ok, type Result } from '../../shared/result';

export type Handler<N extends CallName> = (input: CallParsedInput<N>) => Promise<CallOutput<N>>;
export type Handlers = { [N in CallName]: Handler<N> };
/** The handlers of one domain's calls, e.g. `HandlersOf<typeof projectCalls>`. */
export type HandlersOf<Calls> = { [N in keyof Calls & CallName]: Handler<N> };

export interface Router {
  /** Validate, dispatch and answer one call. Never throws: every failure is a typed Result. */
  call(name: unknown, input: unknown): Promise<Result<unknown>>;
}

/**
 * The one dispatch table behind IPC, the web host and the CLI. Inputs are parsed with the contract's
 * schema before a handler sees them; outputs are checked too, so a service can never send the UI
 * something the contract does not promise.
 */
export function createRouter(handlers: Handlers): Router {
  return {
    async call(name, input) {
      if (!isCallName(name)) return fail('unknown_call', `There is no call named ${JSON.stringify(name)}.`);
      const spec = contract[name];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
        );
        return fail('invalid_input', `Invalid input for ${name}: ${issues.join('; ')}`, parsed.error.issues);
      }
      try {
        const handler = handlers[name] as (input: unknown) => Promise<unknown>;
        const value = await handler(parsed.data);
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          return fail(
            'internal',
            `${name} produced output that breaks the contract: ${checked.error.issues[0]?.message}`,
          );
        }
        return ok(checked.data);
      } catch (error) {
        return toFailure(error);
      }
    },
  };
}

export function toFailure(error: unknown): Result<never> {
  if (error instanceof ApiFailure) return fail(error.code, error.message, error.details);
  if (error instanceof Error && error.name === 'AbortError') return fail('cancelled', 'Cancelled.');
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return fail('io', `File system error: ${(error as Error).message}`);
  }
  return fail('internal', error instanceof Error ? error.message : String(error));
}
