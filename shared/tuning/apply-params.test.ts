import { describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../training/training-config';
import { applyParams, spaceConfigProblems } from './apply-params';
import { presetSearchSpace } from './tier-presets';

const MLP = TrainingConfigSchema.parse({});
const CNN_SGD = TrainingConfigSchema.parse({ model: { kind: 'cnn' }, optimizer: { kind: 'sgd' } });

describe('applyParams: search-space names → training config', () => {
  it('writes every preset parameter into its field (MLP, Adam)', () => {
    const config = applyParams(MLP, {
      learning_rate: 0.01,
      momentum: 0.95,
      hidden_units: 64,
      batch_size: 128,
      layers: 3,
      learning_rate_decay: 0.25,
      adam_beta2: 0.995,
      adam_epsilon: 1e-9,
    });
    expect(config.learningRate).toBe(0.01);
    expect(config.optimizer).toEqual({ kind: 'adam', beta1: 0.95, beta2: 0.995, epsilon: 1e-9 });
    expect(config.model).toMatchObject({ kind: 'mlp', hiddenUnits: [64, 64, 64] });
    expect(config.batchSize).toBe(128);
    expect(config.schedule).toEqual({ kind: 'exponential', rate: 0.8 });
    expect(MLP.model).toMatchObject({ hiddenUnits: [256, 128] }); // the base is not changed
  });

  it('CNN with SGD: momentum, dense units, conv blocks doubling', () => {
    const config = applyParams(CNN_SGD, { momentum: 0.99, hidden_units: 32, layers: 3, filters: 16 });
    expect(config.optimizer).toEqual({ kind: 'sgd', momentum: 0.99 });
    expect(config.model).toMatchObject({ kind: 'cnn', denseUnits: 32, filters: [16, 32, 64] });
  });

  it('refuses values the config cannot take, with the field in the message', () => {
    expect(() => applyParams(MLP, { dropout: 0.95 })).toThrow(/model\.dropout/);
    expect(() => applyParams(MLP, { widgets: 3 })).toThrow(/No training setting is called "widgets"/);
    expect(() => applyParams(CNN_SGD, { adam_beta1: 0.9 })).toThrow(/needs the Adam optimizer/);
  });

  it('reports names no field takes and Adam settings on an SGD base', () => {
    const space = presetSearchSpace(4);
    expect(spaceConfigProblems(space, MLP)).toEqual([]);
    const problems = spaceConfigProblems(
      { parameters: [...space.parameters, { name: 'widgets', scale: 'uniform', low: 0, high: 1 }] },
      CNN_SGD,
    );
    expect(problems.map((problem) => problem.parameter)).toEqual([6, 7, 8, 9]);
    expect(problems[0]!.message).toMatch(/"adam_beta1" is a setting of Adam/);
    expect(problems[3]!.message).toMatch(/No training setting is called "widgets"/);
  });
});
