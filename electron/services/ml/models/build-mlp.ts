import type { LayersModel } from '@tensorflow/tfjs';
import type { InputShape, MlpConfig } from '../../../../shared/training/training-config';
import type { TensorFlow } from '../backend/init-tensorflow';
import { addSoftmaxOutput } from './softmax-output';

/**
 * A multilayer perceptron: flatten, then per hidden layer Dense → [BatchNorm] → ReLU → [Dropout], then a
 * softmax classifier. With the defaults (hidden 256, 128; BatchNorm; dropout 0.2) on 28×28×1 this is the
 * seed's exercise D2: 784-256-128-10. He-normal kernels for the ReLU layers (He et al. 2015), Glorot for
 * the classifier, each seeded from `seed` so a run repeats.
 */
export function buildMlp(
  tf: TensorFlow,
  config: MlpConfig,
  input: InputShape,
  classes: number,
  seed: number,
): LayersModel {
  const model = tf.sequential();
  const regularizer = config.l2 > 0 ? tf.regularizers.l2({ l2: config.l2 }) : undefined;
  model.add(tf.layers.flatten({ inputShape: [input.height, input.width, input.channels] }));
  config.hiddenUnits.forEach((units, layer) => {
    model.add(
      tf.layers.dense({
        units,
        useBias: !config.batchNorm, // BatchNorm's β replaces the bias
        kernelInitializer: tf.initializers.heNormal({ seed: seed + layer }),
        kernelRegularizer: regularizer,
      }),
    );
    if (config.batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: 'relu' }));
    if (config.dropout > 0) model.add(tf.layers.dropout({ rate: config.dropout }));
  });
  addSoftmaxOutput(tf, model, classes, seed, regularizer);
  return model;
}
