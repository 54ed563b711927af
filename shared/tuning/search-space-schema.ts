import { z } from 'zod';
import { searchSpaceProblems, type SearchSpace } from './search-space';

const bounded = { name: z.string(), tier: z.number().int().min(1).max(4).optional() };
const range = { low: z.number(), high: z.number() };

/** One hyperparameter, by scale (see `search-space.ts`). */
export const ParameterSchema = z.discriminatedUnion('scale', [
  z.object({ ...bounded, scale: z.literal('log_uniform'), ...range }),
  z.object({ ...bounded, scale: z.literal('uniform'), ...range }),
  z.object({ ...bounded, scale: z.literal('int'), ...range, log: z.boolean().optional() }),
  z.object({
    ...bounded,
    scale: z.literal('choice'),
    choices: z.array(z.union([z.number(), z.string(), z.boolean()])),
  }),
  z.object({ ...bounded, scale: z.literal('log_complement'), ...range }),
]);

/**
 * The search space as stored in the project and sent over the contract: the shape by zod, the rules
 * (ranges, log scales, choices, unique names) by `searchSpaceProblems`, so the editor, the router and the
 * CLI give the same messages, each on the path of the parameter it concerns.
 */
export const SearchSpaceSchema = z
  .object({ parameters: z.array(ParameterSchema) })
  .superRefine((space, context) => {
    for (const problem of searchSpaceProblems(space as SearchSpace)) {
      context.addIssue({
        code: 'custom',
        message: problem.message,
        path: problem.parameter === null ? ['parameters'] : ['parameters', problem.parameter],
      });
    }
  });
