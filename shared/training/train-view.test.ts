import { describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from './training-config';
import {
  configDiff,
  curvesOf,
  durationText,
  fieldLabel,
  makeScale,
  messagesByPath,
  niceMax,
  parseUnitsText,
  percentText,
  polylinePoints,
  unitsText,
} from './train-view';

describe('the Train screen helpers', () => {
  it('scales curves into the chart box, y up, clamped to the axes', () => {
    const box = { width: 200, height: 100, left: 20, right: 0, top: 0, bottom: 20 };
    const scale = makeScale(box, 2, 1);
    expect(scale.x(0)).toBe(20);
    expect(scale.x(2)).toBe(200);
    expect(scale.x(5)).toBe(200);
    expect(scale.y(0)).toBe(80);
    expect(scale.y(1)).toBe(0);
    expect(scale.y(-3)).toBe(80);
    expect(
      polylinePoints(
        [
          { x: 1, y: 0.5 },
          { x: 2, y: Number.NaN },
        ],
        scale,
      ),
    ).toBe('110.0,40.0');
    expect(makeScale(box, 0, 0).x(0)).toBe(20); // an empty chart does not divide by zero
  });

  it('rounds a loss axis up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect(niceMax(0.37)).toBe(0.5);
    expect(niceMax(2.3)).toBe(2.5);
    expect(niceMax(0.01)).toBe(0.1);
    expect(niceMax(7)).toBe(10);
  });

  it('reads the curves of a run, skipping epochs without dev figures', () => {
    const curves = curvesOf([
      {
        epoch: 1,
        learningRate: 0.001,
        trainLoss: 1,
        trainAccuracy: 0.6,
        devLoss: null,
        devAccuracy: null,
        seconds: 1,
      },
      {
        epoch: 2,
        learningRate: 0.001,
        trainLoss: 0.5,
        trainAccuracy: 0.8,
        devLoss: 0.7,
        devAccuracy: 0.75,
        seconds: 1,
      },
    ]);
    expect(curves.trainLoss).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 0.5 },
    ]);
    expect(curves.devAccuracy).toEqual([{ x: 2, y: 0.75 }]);
  });

  it('maps the hidden-units text to the config and back', () => {
    expect(parseUnitsText('256, 128')).toEqual([256, 128]);
    expect(parseUnitsText(' 32 ')).toEqual([32]);
    expect(parseUnitsText('32, x')).toBeNull();
    expect(parseUnitsText('1.5')).toBeNull();
    expect(parseUnitsText('')).toBeNull();
    expect(unitsText([64, 32])).toBe('64, 32');
  });

  it("keys the schema's messages by field", () => {
    const parsed = TrainingConfigSchema.safeParse({
      learningRate: 0,
      epochs: 0,
      model: { kind: 'mlp', hiddenUnits: [] },
    });
    expect(parsed.success).toBe(false);
    const messages = messagesByPath(parsed.error);
    expect(Object.keys(messages).sort()).toEqual(['epochs', 'learningRate', 'model.hiddenUnits']);
    expect(messagesByPath(null)).toEqual({});
    expect(fieldLabel('learningRate')).toBe('Learning rate');
    expect(fieldLabel('something.else')).toBe('something.else');
  });

  it('diffs two configs by setting', () => {
    const a = TrainingConfigSchema.parse({});
    const b = TrainingConfigSchema.parse({ epochs: 2, model: { kind: 'mlp', hiddenUnits: [32] } });
    expect(configDiff(a, b)).toEqual([
      { path: 'model.hiddenUnits', a: '256, 128', b: '32' },
      { path: 'epochs', a: '5', b: '2' },
    ]);
    const cnn = TrainingConfigSchema.parse({ model: { kind: 'cnn' } });
    expect(configDiff(a, cnn).find((row) => row.path === 'model.filters')).toEqual({
      path: 'model.filters',
      a: '—',
      b: '32, 64',
    });
    expect(configDiff(a, a)).toEqual([]);
  });

  it('formats rates and durations', () => {
    expect(percentText(0.1234)).toBe('12.3 %');
    expect(percentText(null)).toBe('—');
    expect(durationText(42.4)).toBe('42 s');
    expect(durationText(65)).toBe('1 min 05 s');
    expect(durationText(null)).toBe('—');
  });
});
