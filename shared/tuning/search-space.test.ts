import { describe, expect, it } from 'vitest';
import { searchSpaceProblems, type SearchSpace } from './search-space';
import { SearchSpaceSchema } from './search-space-schema';
import { presetSearchSpace, TIER_PRESETS } from './tier-presets';

describe('search space validation', () => {
  it('refuses low ≥ high, a log range touching 0, an empty choice, with messages', () => {
    const space: SearchSpace = {
      parameters: [
        { name: 'dropout', scale: 'uniform', low: 0.5, high: 0.5 },
        { name: 'lr', scale: 'log_uniform', low: 0, high: 1 },
        { name: 'units', scale: 'int', low: 0, high: 512, log: true },
        { name: 'batch', scale: 'choice', choices: [] },
        { name: 'beta', scale: 'log_complement', low: 0.9, high: 1 },
        { name: 'layers', scale: 'int', low: 1.5, high: 4 },
      ],
    };
    expect(searchSpaceProblems(space).map((problem) => [problem.parameter, problem.message])).toEqual([
      [0, '"dropout": low (0.5) must be below high (0.5).'],
      [1, '"lr" is on a log scale, so its range must stay above 0 (low is 0).'],
      [2, '"units" is on a log scale, so its range must stay above 0 (low is 0).'],
      [3, '"batch" has no choices: give at least one.'],
      [
        4,
        '"beta" samples 1 − x on a log scale, so its range must lie in [0, 1) with high below 1 (it is [0.9, 1]).',
      ],
      [5, '"layers": an int range needs whole numbers.'],
    ]);
  });

  it('refuses an empty space, a repeated name and a repeated choice', () => {
    expect(searchSpaceProblems({ parameters: [] })[0]!.message).toBe('The search space has no parameters.');
    const twice = searchSpaceProblems({
      parameters: [
        { name: 'a', scale: 'choice', choices: [1, 1] },
        { name: 'a', scale: 'uniform', low: 0, high: 1 },
      ],
    });
    expect(twice.map((p) => p.message)).toEqual(['"a" lists a choice twice.', '"a" is defined twice.']);
  });

  it('the zod schema checks the shape and reports the same messages on the parameter’s path', () => {
    const bad = SearchSpaceSchema.safeParse({
      parameters: [{ name: 'lr', scale: 'log_uniform', low: -1, high: 1 }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({
      path: ['parameters', 0],
      message: '"lr" is on a log scale, so its range must stay above 0 (low is -1).',
    });
    expect(
      SearchSpaceSchema.safeParse({ parameters: [{ name: 'x', scale: 'cubic', low: 0, high: 1 }] }).success,
    ).toBe(false);
    expect(SearchSpaceSchema.parse(presetSearchSpace(4))).toEqual(presetSearchSpace(4));
  });

  it("presets follow the seed's tiers: learning rate first, Adam's β1 β2 ε last", () => {
    expect(presetSearchSpace(1).parameters.map((p) => p.name)).toEqual(['learning_rate']);
    expect(presetSearchSpace(2).parameters.map((p) => p.name)).toEqual([
      'learning_rate',
      'momentum',
      'hidden_units',
      'batch_size',
    ]);
    expect(presetSearchSpace(4).parameters).toHaveLength(TIER_PRESETS.length);
    expect(TIER_PRESETS.slice(-3).map((p) => p.name)).toEqual(['adam_beta1', 'adam_beta2', 'adam_epsilon']);
    expect(searchSpaceProblems(presetSearchSpace(4))).toEqual([]);
  });
});
