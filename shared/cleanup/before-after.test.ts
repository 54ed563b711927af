import { describe, expect, it } from 'vitest';
import { SPLITS } from '../splits';
import { beforeAfter, type CurrentLabel } from './before-after';

describe('before / after errors', () => {
  it('counts errors against the imported and the corrected labels; excluded items leave only the corrected', () => {
    const classes = ['cat', 'dog'];
    const dev = SPLITS.indexOf('dev');
    const test = SPLITS.indexOf('test');
    // predictions: a→dog, b→dog, c→cat, d→cat (dev); e→dog, f→cat (test)
    const table = {
      classes,
      ids: ['a', 'b', 'c', 'd', 'e', 'f'],
      splits: [dev, dev, dev, dev, test, test],
      predicted: [1, 1, 0, 0, 1, 0],
    };
    const labels: Record<string, CurrentLabel> = {
      a: { original: 'cat', current: 'dog', excluded: false }, // fixed: wrong → right
      b: { original: 'dog', current: 'dog', excluded: false }, // right both
      c: { original: 'dog', current: 'dog', excluded: true }, // wrong, excluded
      d: { original: 'cat', current: 'cat', excluded: false }, // right
      e: { original: 'cat', current: 'cat', excluded: false }, // wrong both
      f: { original: 'cat', current: 'dog', excluded: false }, // right → wrong after the fix
    };
    const result = beforeAfter(table, (id) => labels[id]);
    expect(result.dev).toEqual({
      original: { errors: 2, count: 4, errorRate: 0.5 },
      corrected: { errors: 0, count: 3, errorRate: 0 },
      excluded: 1,
      relabelled: 1,
    });
    expect(result.test).toEqual({
      original: { errors: 1, count: 2, errorRate: 0.5 },
      corrected: { errors: 2, count: 2, errorRate: 1 },
      excluded: 0,
      relabelled: 1,
    });
    expect(result.train.original).toEqual({ errors: 0, count: 0, errorRate: null });
  });
});
