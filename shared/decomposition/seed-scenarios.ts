import type { DecompositionInput } from './decomposition-input';

/**
 * Worked examples from the course (Ng, "Structuring Machine Learning Projects"), offered as one-click
 * presets so the screen doubles as a calculator, and used as the tests' fixtures.
 *
 * Scenarios A and B are the course's cat-classifier examples, where train and dev come from one
 * distribution: a train-dev set held out from that distribution scores like dev, so train-dev = dev and
 * data mismatch is 0 by construction. The Ola table has all five levels from mismatched distributions.
 */
export interface SeedScenario {
  id: string;
  title: string;
  /** What the example teaches, one line. */
  lesson: string;
  input: DecompositionInput;
}

export const SEED_SCENARIOS: readonly SeedScenario[] = [
  {
    id: 'scenario-a',
    title: 'Scenario A',
    lesson:
      'Human 1%, train 8%, dev 10% (train and dev from one distribution, so train-dev = dev): avoidable bias (7) dominates.',
    input: {
      humanLevels: [{ label: 'human', errorPercent: 1 }],
      errors: { train: 8, trainDev: 10, dev: 10, test: null },
    },
  },
  {
    id: 'scenario-b',
    title: 'Scenario B',
    lesson:
      'Human 1%, train 2%, dev 10% (train and dev from one distribution, so train-dev = dev): variance (8) dominates.',
    input: {
      humanLevels: [{ label: 'human', errorPercent: 1 }],
      errors: { train: 2, trainDev: 10, dev: 10, test: null },
    },
  },
  {
    id: 'ola',
    title: 'Ola table',
    lesson:
      'Human 8%, train 12%, train-dev 15%, dev 28%, test 30%: bias 4, variance 3, data mismatch 13, dev overfitting 2.',
    input: {
      humanLevels: [{ label: 'human', errorPercent: 8 }],
      errors: { train: 12, trainDev: 15, dev: 28, test: 30 },
    },
  },
  {
    id: 'several-humans',
    title: 'Several human levels',
    lesson:
      'Student 5%, expert 2%, team of experts 0.7%: the team is the Bayes proxy; the model at 0.5% train error beats it.',
    input: {
      humanLevels: [
        { label: 'typical student', errorPercent: 5 },
        { label: 'expert', errorPercent: 2 },
        { label: 'team of experts', errorPercent: 0.7 },
      ],
      errors: { train: 0.5, trainDev: 1.5, dev: 2, test: 2.1 },
    },
  },
];
