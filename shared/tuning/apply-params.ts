import { TrainingConfigSchema, type TrainingConfig } from '../training/training-config';
import type { ParameterValue, Params, SearchSpace, SearchSpaceProblem } from './search-space';

/**
 * The one place where a search space's parameter names meet the training config (TrainingConfigSchema).
 * A trial's config = the study's base config with each of the trial's params written into its field:
 *
 *   learning_rate        learningRate
 *   momentum             SGD: optimizer.momentum; Adam: optimizer.beta1 (Adam's β1 is the momentum term)
 *   adam_beta1/2         optimizer.beta1 / beta2 (the base optimizer must be Adam)
 *   adam_epsilon         optimizer.epsilon (the base optimizer must be Adam)
 *   optimizer            'adam' | 'sgd': the optimizer kind with its defaults (set before the above)
 *   hidden_units         MLP: the units of every hidden layer; CNN: denseUnits
 *   layers               MLP: the number of hidden layers (each with hidden_units, or the base's first);
 *                        CNN: the number of conv blocks (filters doubling from the base's first)
 *   batch_size           batchSize
 *   learning_rate_decay  schedule = exponential with rate 1/(1 + d): lr(e) = α₀ / (1 + d)^e, which agrees
 *                        with Ng's α₀ / (1 + d·e) at epochs 0 and 1 and decays a little faster after
 *   dropout              model.dropout
 *   l2                   model.l2
 *   filters              CNN: the filters of the first block (the next ones double)
 *   epochs               epochs
 */
export const PARAMETER_FIELDS: readonly { name: string; field: string; note: string }[] = [
  { name: 'learning_rate', field: 'learningRate', note: 'the base learning rate α' },
  { name: 'momentum', field: 'optimizer.momentum | optimizer.beta1', note: "SGD's momentum β, or Adam's β1" },
  { name: 'adam_beta1', field: 'optimizer.beta1', note: 'needs Adam' },
  { name: 'adam_beta2', field: 'optimizer.beta2', note: 'needs Adam' },
  { name: 'adam_epsilon', field: 'optimizer.epsilon', note: 'needs Adam' },
  { name: 'optimizer', field: 'optimizer.kind', note: "'adam' or 'sgd', with that optimizer's defaults" },
  {
    name: 'hidden_units',
    field: 'model.hiddenUnits[*] | model.denseUnits',
    note: 'MLP: every hidden layer; CNN: the dense layer',
  },
  {
    name: 'layers',
    field: 'model.hiddenUnits.length | model.filters.length',
    note: 'MLP: hidden layers (1–8); CNN: conv blocks (1–5)',
  },
  { name: 'batch_size', field: 'batchSize', note: 'examples per gradient step' },
  { name: 'learning_rate_decay', field: 'schedule', note: 'exponential, rate 1/(1 + d) per epoch' },
  { name: 'dropout', field: 'model.dropout', note: 'rate after each hidden layer (0–0.9)' },
  { name: 'l2', field: 'model.l2', note: 'L2 penalty on the kernels (0–1)' },
  { name: 'filters', field: 'model.filters', note: 'CNN only: the first block, doubling after' },
  { name: 'epochs', field: 'epochs', note: 'training epochs' },
];

const KNOWN = new Set(PARAMETER_FIELDS.map((entry) => entry.name));
const ADAM_ONLY = new Set(['adam_beta1', 'adam_beta2', 'adam_epsilon']);

/**
 * The problems of a space against a base config: names no field takes, Adam's parameters with an SGD
 * base (unless the space also chooses the optimizer), `filters` with an MLP. One message per parameter.
 */
export function spaceConfigProblems(space: SearchSpace, base: TrainingConfig): SearchSpaceProblem[] {
  const problems: SearchSpaceProblem[] = [];
  const choosesOptimizer = space.parameters.some((parameter) => parameter.name === 'optimizer');
  space.parameters.forEach((parameter, index) => {
    if (!KNOWN.has(parameter.name)) {
      problems.push({
        parameter: index,
        message: `No training setting is called "${parameter.name}": use one of ${[...KNOWN].join(', ')}.`,
      });
    } else if (ADAM_ONLY.has(parameter.name) && base.optimizer.kind !== 'adam' && !choosesOptimizer) {
      problems.push({
        parameter: index,
        message: `"${parameter.name}" is a setting of Adam, but the base config trains with ${base.optimizer.kind.toUpperCase()}.`,
      });
    } else if (parameter.name === 'filters' && base.model.kind !== 'cnn') {
      problems.push({ parameter: index, message: '"filters" needs a CNN base model.' });
    }
  });
  return problems;
}

function number(value: ParameterValue, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RangeError(`"${name}" must be a number, got ${String(value)}`);
  return value;
}

/**
 * The base config with the params applied, validated by TrainingConfigSchema (so a value outside a
 * field's range, a dropout of 0.95 say, fails with the schema's message rather than training nonsense).
 * Params named in `spaceConfigProblems` as unusable throw.
 */
export function applyParams(base: TrainingConfig, params: Params): TrainingConfig {
  const config = structuredClone(base) as TrainingConfig;
  const has = (name: string) => params[name] !== undefined;
  const get = (name: string) => number(params[name]!, name);
  if (has('optimizer')) {
    const kind = params.optimizer;
    if (kind !== 'adam' && kind !== 'sgd')
      throw new RangeError(`"optimizer" must be adam or sgd, got ${String(kind)}`);
    if (config.optimizer.kind !== kind)
      config.optimizer =
        kind === 'adam'
          ? { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
          : { kind: 'sgd', momentum: 0.9 };
  }
  for (const name of Object.keys(params)) {
    if (!KNOWN.has(name)) throw new RangeError(`No training setting is called "${name}".`);
  }
  if (has('learning_rate')) config.learningRate = get('learning_rate');
  if (has('batch_size')) config.batchSize = Math.round(get('batch_size'));
  if (has('epochs')) config.epochs = Math.round(get('epochs'));
  if (has('learning_rate_decay'))
    config.schedule = { kind: 'exponential', rate: 1 / (1 + get('learning_rate_decay')) };
  if (has('momentum')) {
    if (config.optimizer.kind === 'sgd') config.optimizer.momentum = get('momentum');
    else config.optimizer.beta1 = get('momentum');
  }
  for (const [name, field] of [
    ['adam_beta1', 'beta1'],
    ['adam_beta2', 'beta2'],
    ['adam_epsilon', 'epsilon'],
  ] as const) {
    if (!has(name)) continue;
    if (config.optimizer.kind !== 'adam') throw new RangeError(`"${name}" needs the Adam optimizer.`);
    config.optimizer[field] = get(name);
  }
  const model = config.model;
  if (has('dropout')) model.dropout = get('dropout');
  if (has('l2')) model.l2 = get('l2');
  if (model.kind === 'mlp') {
    const units = has('hidden_units') ? Math.round(get('hidden_units')) : null;
    const layers = has('layers') ? Math.round(get('layers')) : model.hiddenUnits.length;
    if (units !== null || has('layers')) {
      model.hiddenUnits = Array.from(
        { length: layers },
        (_, i) => units ?? model.hiddenUnits[Math.min(i, model.hiddenUnits.length - 1)]!,
      );
    }
    if (has('filters')) throw new RangeError('"filters" needs a CNN base model.');
  } else {
    if (has('hidden_units')) model.denseUnits = Math.round(get('hidden_units'));
    const first = has('filters') ? Math.round(get('filters')) : model.filters[0]!;
    const blocks = has('layers') ? Math.round(get('layers')) : model.filters.length;
    if (has('filters') || has('layers'))
      model.filters = Array.from({ length: blocks }, (_, i) => Math.min(512, first * 2 ** i));
  }
  const parsed = TrainingConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RangeError(
      `These values make an invalid training config: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return parsed.data;
}
