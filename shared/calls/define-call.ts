import { z } from 'zod';

/** One call of the contract: its input schema, output schema and a one-line summary (for --help and docs). */
export function defineCall<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}

/** The input of calls that take none: `{}` (and a missing payload is read as `{}`). */
export const NoInput = z.object({}).default({});
