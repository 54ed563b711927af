import type { LearningRateSchedule } from './training-config';

/**
 * The learning rate for epoch `epoch` (0-based) of `epochs`, from the base rate `lr`:
 *   none:        lr
 *   step:        lr · factor^⌊epoch / everyEpochs⌋                      (Keras StepDecay)
 *   exponential: lr · rate^epoch                                         (Keras ExponentialDecay, per epoch)
 *   cosine:      min + (lr − min) · (1 + cos(π · epoch / epochs)) / 2    (Loshchilov & Hutter 2017, no restarts)
 */
export function learningRateAt(
  schedule: LearningRateSchedule,
  lr: number,
  epoch: number,
  epochs: number,
): number {
  switch (schedule.kind) {
    case 'none':
      return lr;
    case 'step':
      return lr * schedule.factor ** Math.floor(epoch / schedule.everyEpochs);
    case 'exponential':
      return lr * schedule.rate ** epoch;
    case 'cosine':
      return (
        schedule.minLearningRate +
        ((lr - schedule.minLearningRate) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs)))) / 2
      );
  }
}
