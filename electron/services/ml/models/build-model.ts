import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../../../shared/training/training-config';
import type { TensorFlow } from '../backend/init-tensorflow';
import { buildCnn } from './build-cnn';
import { buildMlp } from './build-mlp';

/** The configured model, compiled with its optimizer, categorical cross-entropy and accuracy. */
export function buildModel(tf: TensorFlow, config: TrainingConfig, classes: number): LayersModel {
  const model =
    config.model.kind === 'mlp'
      ? buildMlp(tf, config.model, config.input, classes, config.seed)
      : buildCnn(tf, config.model, config.input, classes, config.seed);
  model.compile({
    optimizer: buildOptimizer(tf, config),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

function buildOptimizer(tf: TensorFlow, config: TrainingConfig): Optimizer {
  const { optimizer, learningRate } = config;
  if (optimizer.kind === 'adam')
    return tf.train.adam(learningRate, optimizer.beta1, optimizer.beta2, optimizer.epsilon);
  return optimizer.momentum > 0
    ? tf.train.momentum(learningRate, optimizer.momentum)
    : tf.train.sgd(learningRate);
}

/**
 * Sets the optimizer's learning rate between epochs (the decay schedule). SGD and momentum expose
 * `setLearningRate`; Adam reads its protected `learningRate` field at every step (tfjs-core 4.22).
 */
export function setLearningRate(model: LayersModel, learningRate: number): void {
  const optimizer = model.optimizer as Optimizer & { setLearningRate?: (lr: number) => void };
  if (typeof optimizer.setLearningRate === 'function') optimizer.setLearningRate(learningRate);
  else (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
