import { z } from 'zod';
import { SeedSchema } from '../seed-schema';

/**
 * Every hyperparameter of a built-in model's training run, in one schema: the Train screen's form, the
 * tuning screen's search space and `ceiling train`'s flags all set fields of this object, and a run
 * records it whole (runs/<runId>/run.json), so a run can be repeated from its record.
 */

/** The image size the model sees; sharp resizes every item to it (DESIGN §5: input size per project). */
export const InputShapeSchema = z.object({
  width: z.number().int().min(8).max(512).default(28),
  height: z.number().int().min(8).max(512).default(28),
  /** 1 = greyscale, 3 = RGB (alpha is flattened onto black). */
  channels: z.union([z.literal(1), z.literal(3)]).default(1),
});
export type InputShape = z.infer<typeof InputShapeSchema>;

export const MlpConfigSchema = z.object({
  kind: z.literal('mlp'),
  /** Units of each hidden layer; the default is the seed's exercise D2: 784-256-128-10. */
  hiddenUnits: z.array(z.number().int().min(1).max(8192)).min(1).max(8).default([256, 128]),
  batchNorm: z.boolean().default(true),
  /** Dropout rate after each hidden layer (0 = none). */
  dropout: z.number().min(0).max(0.9).default(0.2),
  /** L2 penalty on the dense kernels (0 = none). */
  l2: z.number().min(0).max(1).default(0),
});

export const CnnConfigSchema = z.object({
  kind: z.literal('cnn'),
  /** Filters of each block's conv layer (3×3, same padding, ReLU, then 2×2 max-pool). */
  filters: z.array(z.number().int().min(1).max(512)).min(1).max(5).default([32, 64]),
  /** Conv layers per block. */
  convsPerBlock: z.number().int().min(1).max(3).default(1),
  /** Off by default: on wasm a BatchNorm step makes the CNN's batch 2.3× slower (measured: 141 vs 330 ex/s). */
  batchNorm: z.boolean().default(false),
  /** Units of the dense layer before the classifier (0 = none). */
  denseUnits: z.number().int().min(0).max(4096).default(128),
  dropout: z.number().min(0).max(0.9).default(0.3),
  l2: z.number().min(0).max(1).default(0),
});

export const ModelConfigSchema = z.discriminatedUnion('kind', [MlpConfigSchema, CnnConfigSchema]);
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type MlpConfig = z.infer<typeof MlpConfigSchema>;
export type CnnConfig = z.infer<typeof CnnConfigSchema>;

export const OptimizerConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('adam'),
    beta1: z.number().min(0).max(0.9999).default(0.9),
    beta2: z.number().min(0).max(0.99999).default(0.999),
    epsilon: z.number().positive().default(1e-7),
  }),
  z.object({
    kind: z.literal('sgd'),
    /** Momentum β (0 = plain SGD). */
    momentum: z.number().min(0).max(0.9999).default(0.9),
  }),
]);
export type OptimizerConfig = z.infer<typeof OptimizerConfigSchema>;

/** Learning-rate decay per epoch e (0-based), lr(e) as in ./learning-rate-schedule.ts. */
export const LearningRateScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** lr · factor^⌊e / everyEpochs⌋ */
  z.object({
    kind: z.literal('step'),
    everyEpochs: z.number().int().min(1).default(1),
    factor: z.number().positive().max(1).default(0.5),
  }),
  /** lr · rate^e */
  z.object({ kind: z.literal('exponential'), rate: z.number().positive().max(1).default(0.9) }),
  /** minLr + (lr − minLr) · (1 + cos(π e / epochs)) / 2 (Loshchilov & Hutter 2017, SGDR, without restarts) */
  z.object({ kind: z.literal('cosine'), minLearningRate: z.number().min(0).default(0) }),
]);
export type LearningRateSchedule = z.infer<typeof LearningRateScheduleSchema>;

export const AugmentationSchema = z.object({
  /** Mirror left–right with probability ½ (only where that keeps the class: not for digits or text). */
  horizontalFlip: z.boolean().default(false),
  /** Rotate by a uniform angle in ±maxRotationDegrees (0 = off). */
  maxRotationDegrees: z.number().min(0).max(30).default(0),
  /** Blur with a 3×3 binomial kernel with this probability (0 = off). */
  blurProbability: z.number().min(0).max(1).default(0),
});
export type Augmentation = z.infer<typeof AugmentationSchema>;

export const TrainingConfigSchema = z.object({
  model: ModelConfigSchema.default({
    kind: 'mlp',
    hiddenUnits: [256, 128],
    batchNorm: true,
    dropout: 0.2,
    l2: 0,
  }),
  input: InputShapeSchema.default({ width: 28, height: 28, channels: 1 }),
  optimizer: OptimizerConfigSchema.default({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
  learningRate: z.number().positive().max(10).default(0.001),
  schedule: LearningRateScheduleSchema.default({ kind: 'none' }),
  batchSize: z.number().int().min(1).max(4096).default(64),
  epochs: z.number().int().min(1).max(1000).default(5),
  /** Seeds the initializers and the shuffle order (dropout masks are not seeded: decisions.md, ML engine). */
  seed: SeedSchema,
  augmentation: AugmentationSchema.default({
    horizontalFlip: false,
    maxRotationDegrees: 0,
    blurProbability: 0,
  }),
  /** Train on at most this many train items (a quick look; 0 = all). */
  limitTrainItems: z.number().int().min(0).default(0),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;
