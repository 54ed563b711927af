import type { LayersModel } from '@tensorflow/tfjs';
import type { CnnConfig, InputShape } from '../../../../shared/training/training-config';
import type { TensorFlow } from '../backend/init-tensorflow';
import { addSoftmaxOutput } from './softmax-output';

/**
 * A small CNN: per block `convsPerBlock` × (Conv 3×3 same → [BatchNorm] → ReLU), then 2×2 max-pool; then
 * flatten, [Dropout], an optional Dense → ReLU → [Dropout], and a softmax classifier. The default
 * (32, 64 filters, dense 128) is the shape of the TensorFlow tutorial CNN that the Fashion-MNIST README
 * lists at 91.6%. Kernels He-normal (ReLU), classifier Glorot, all seeded.
 */
export function buildCnn(
  tf: TensorFlow,
  config: CnnConfig,
  input: InputShape,
  classes: number,
  seed: number,
): LayersModel {
  const model = tf.sequential();
  const regularizer = config.l2 > 0 ? tf.regularizers.l2({ l2: config.l2 }) : undefined;
  let layer = 0;
  config.filters.forEach((filters, block) => {
    for (let conv = 0; conv < config.convsPerBlock; conv++) {
      model.add(
        tf.layers.conv2d({
          ...(block === 0 && conv === 0 ? { inputShape: [input.height, input.width, input.channels] } : {}),
          filters,
          kernelSize: 3,
          padding: 'same',
          useBias: !config.batchNorm,
          kernelInitializer: tf.initializers.heNormal({ seed: seed + layer++ }),
          kernelRegularizer: regularizer,
        }),
      );
      if (config.batchNorm) model.add(tf.layers.batchNormalization());
      model.add(tf.layers.activation({ activation: 'relu' }));
    }
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  });
  model.add(tf.layers.flatten());
  if (config.dropout > 0) model.add(tf.layers.dropout({ rate: config.dropout }));
  if (config.denseUnits > 0) {
    model.add(
      tf.layers.dense({
        units: config.denseUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + layer++ }),
        kernelRegularizer: regularizer,
      }),
    );
    if (config.dropout > 0) model.add(tf.layers.dropout({ rate: config.dropout }));
  }
  addSoftmaxOutput(tf, model, classes, seed, regularizer);
  return model;
}
