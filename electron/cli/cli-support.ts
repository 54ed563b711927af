import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { CallInput, CallName, CallOutput } from '../../shared/contract';
import { APP_VERSION } from '../services/app-paths';
import { CeilingApp } from '../services/ceiling-app';

/** One `ceiling` command: one file under commands/, listed in cli.ts. */
export interface Command {
  name: string;
  /** One line for `ceiling --help`. */
  summary: string;
  /** The full text of `ceiling <name> --help`. */
  usage: string;
  run(args: string[]): Promise<void>;
}

/** A failure to report as `ceiling <command>: <message>` with exit code 1. */
export class CliError extends Error {}

/**
 * `input` checked by `schema`, or a CliError naming the first problem's setting: `Invalid setting <path>:
 * <message>`, where `flagOf` may name the flag a field comes from (e.g. `startLr` → `--start`).
 */
export function checkedSettings<S extends z.ZodType>(
  schema: S,
  input: unknown,
  flagOf: Record<string, string> = {},
): z.output<S> {
  const checked = schema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const path = issue.path.join('.');
    throw new CliError(`Invalid setting ${flagOf[path] ?? path}: ${issue.message}`);
  }
  return checked.data;
}

/** A number flag's value (absent: undefined); anything but a finite number is a CliError naming the flag. */
export function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new CliError(`--${name} takes a number, not "${value}".`);
  return parsed;
}

/** A whole-number flag's value (absent: undefined); anything but an integer ≥ 0 is a CliError naming the flag. */
export function wholeNumberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new CliError(`--${name} takes a whole number, not "${value}".`);
  return parsed;
}

/** Options every command takes. Commands add their own with `{ ...COMMON_OPTIONS, … }`. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'project-dir': { type: 'string' },
} as const;

/** Parse a command's arguments; `--help` prints its usage and exits, a bad option becomes a CliError. */
export function parse<O extends typeof COMMON_OPTIONS>(args: string[], usage: string, options: O) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usage}`);
  }
}

export function createApp(): Promise<CeilingApp> {
  return CeilingApp.create({ host: 'cli', version: APP_VERSION });
}

/** Call the router and turn a failed Result into a CLI error carrying its message. */
export async function call<N extends CallName>(
  app: CeilingApp,
  name: N,
  input: CallInput<N>,
): Promise<CallOutput<N>> {
  const result = await app.router.call(name, input);
  if (!result.ok) throw new CliError(result.error.message);
  return result.value as CallOutput<N>;
}

/** Open the project of `dataset`, run `work`, and always close (releasing the lock). */
export async function withProject<T>(
  dataset: string,
  projectDir: string | undefined,
  work: (app: CeilingApp) => Promise<T>,
): Promise<T> {
  const app = await createApp();
  try {
    await call(app, 'project.open', { datasetPath: dataset, projectDir });
    return await work(app);
  } finally {
    await app.closeProject();
  }
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}
