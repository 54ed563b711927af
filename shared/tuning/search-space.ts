/**
 * A hyperparameter search space: per hyperparameter a scale (issue 7 §1). Plain types and a hand-written
 * validator, so the editor can check every keystroke without zod; `search-space-schema.ts` wraps the
 * same rules in the contract's zod schema.
 *
 * Scales:
 * - `log_uniform` (learning rate, L2): x = 10^r with r uniform in [log10 low, log10 high].
 * - `uniform`: x uniform in [low, high].
 * - `int`: a whole number in [low, high]; with `log`, uniform in log (hidden units 32–1024).
 * - `choice`: one of `choices` (batch size, optimizer, activation).
 * - `log_complement` (momentum, Adam's β): 1 − x is log-uniform, i.e. β ∈ [0.9, 0.999] ⇔
 *   1 − β = 10^r, r ∈ [−3, −1] (Ng, "Improving Deep Neural Networks", week 3: sample on the scale where
 *   the sensitivity is even: β from 0.999 to 0.9995 matters as much as 0.9 to 0.9005 matters little).
 */
export type ParameterValue = number | string | boolean;
export type Params = Record<string, ParameterValue>;

interface ParameterBase {
  name: string;
  /** The seed's tier (1 = tune first: learning rate … 4 = rarely: Adam's β1, β2, ε). */
  tier?: number;
}
export interface LogUniformParameter extends ParameterBase {
  scale: 'log_uniform';
  low: number;
  high: number;
}
export interface UniformParameter extends ParameterBase {
  scale: 'uniform';
  low: number;
  high: number;
}
export interface IntParameter extends ParameterBase {
  scale: 'int';
  low: number;
  high: number;
  log?: boolean;
}
export interface ChoiceParameter extends ParameterBase {
  scale: 'choice';
  choices: ParameterValue[];
}
export interface LogComplementParameter extends ParameterBase {
  scale: 'log_complement';
  low: number;
  high: number;
}
export type Parameter =
  LogUniformParameter | UniformParameter | IntParameter | ChoiceParameter | LogComplementParameter;
export type NumericParameter = Exclude<Parameter, ChoiceParameter>;

export interface SearchSpace {
  parameters: Parameter[];
}

export const SCALES = ['log_uniform', 'uniform', 'int', 'choice', 'log_complement'] as const;
export type Scale = (typeof SCALES)[number];

export interface SearchSpaceProblem {
  /** Index of the parameter, or null for the space as a whole. */
  parameter: number | null;
  message: string;
}

/** The problems of one parameter, each a sentence that says what to change. */
export function parameterProblems(parameter: Parameter): string[] {
  const label = parameter.name.trim() === '' ? 'A parameter' : `"${parameter.name}"`;
  const problems: string[] = [];
  if (parameter.name.trim() === '') problems.push('Every parameter needs a name.');
  if (parameter.scale === 'choice') {
    if (parameter.choices.length === 0) problems.push(`${label} has no choices: give at least one.`);
    const seen = new Set(parameter.choices.map((choice) => `${typeof choice}:${String(choice)}`));
    if (seen.size !== parameter.choices.length) problems.push(`${label} lists a choice twice.`);
    return problems;
  }
  const { low, high } = parameter;
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    problems.push(`${label}: low and high must be numbers.`);
    return problems;
  }
  if (low >= high) problems.push(`${label}: low (${low}) must be below high (${high}).`);
  if (parameter.scale === 'log_uniform' && low <= 0) {
    problems.push(`${label} is on a log scale, so its range must stay above 0 (low is ${low}).`);
  }
  if (parameter.scale === 'int') {
    if (!Number.isInteger(low) || !Number.isInteger(high))
      problems.push(`${label}: an int range needs whole numbers.`);
    if (parameter.log && low <= 0) {
      problems.push(`${label} is on a log scale, so its range must stay above 0 (low is ${low}).`);
    }
  }
  if (parameter.scale === 'log_complement' && (low < 0 || high >= 1)) {
    problems.push(
      `${label} samples 1 − x on a log scale, so its range must lie in [0, 1) with high below 1 (it is [${low}, ${high}]).`,
    );
  }
  return problems;
}

/**
 * Every problem of a search space: per parameter (`parameterProblems`: low ≥ high, a log range touching 0,
 * a log-complement range reaching 1, an empty or repeated choice, a fractional int bound) and for the
 * whole (no parameters, a name used twice). An empty list means the space is valid.
 */
export function searchSpaceProblems(space: SearchSpace): SearchSpaceProblem[] {
  const problems: SearchSpaceProblem[] = [];
  if (space.parameters.length === 0)
    problems.push({ parameter: null, message: 'The search space has no parameters.' });
  const names = new Set<string>();
  space.parameters.forEach((parameter, index) => {
    for (const message of parameterProblems(parameter)) problems.push({ parameter: index, message });
    if (names.has(parameter.name)) {
      problems.push({ parameter: index, message: `"${parameter.name}" is defined twice.` });
    }
    names.add(parameter.name);
  });
  return problems;
}

/** Throws a RangeError listing the problems, for the functions that need a valid space. */
export function assertValidSearchSpace(space: SearchSpace): void {
  const problems = searchSpaceProblems(space);
  if (problems.length > 0) throw new RangeError(problems.map((problem) => problem.message).join(' '));
}
