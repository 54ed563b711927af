import type { Sequential } from '@tensorflow/tfjs';
import type { TensorFlow } from '../backend/init-tensorflow';

/**
 * The classifier head both built-in models end with: a dense softmax over the classes, Glorot-uniform
 * initialised from `seed + 1000` (an offset clear of the hidden layers' `seed + layer` seeds), with the
 * model's L2 regularizer, if any.
 */
export function addSoftmaxOutput(
  tf: TensorFlow,
  model: Sequential,
  classes: number,
  seed: number,
  regularizer: ReturnType<TensorFlow['regularizers']['l2']> | undefined,
): void {
  model.add(
    tf.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1000 }),
      kernelRegularizer: regularizer,
    }),
  );
}
