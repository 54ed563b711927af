import { describe, expect, it } from 'vitest';
import { indexRange, moveIndex } from './grid-navigation';
import { contrastRatio, DARK_INK, LIGHT_INK, parseHexColour, readableInk } from './readable-text';
import { applyChange, invertChanges, planToggle } from './toggle-plan';
import { classCounts, pairCounts } from './sample-facets';
import { typeAhead } from './type-ahead';

describe('toggling a category on a selection (FiftyOne-like)', () => {
  const items = [
    { id: 'a', categories: ['blurry'] },
    { id: 'b', categories: [] },
    { id: 'c', categories: ['blurry', 'rare'] },
  ];

  it('adds to the items that lack it when some do', () => {
    expect(planToggle(items, 'blurry')).toEqual([{ itemId: 'b', categoryId: 'blurry', on: true }]);
  });

  it('removes from all when all carry it', () => {
    const all = items.filter((item) => item.categories.includes('blurry'));
    expect(planToggle(all, 'blurry')).toEqual([
      { itemId: 'a', categoryId: 'blurry', on: false },
      { itemId: 'c', categoryId: 'blurry', on: false },
    ]);
  });

  it('plans nothing for no targets', () => {
    expect(planToggle([], 'blurry')).toEqual([]);
  });

  it('undoes by reversing every change in reverse order', () => {
    const changes = planToggle(items, 'rare');
    expect(changes.map((change) => change.itemId)).toEqual(['a', 'b']);
    expect(invertChanges(changes)).toEqual([
      { itemId: 'b', categoryId: 'rare', on: false },
      { itemId: 'a', categoryId: 'rare', on: false },
    ]);
    let categories: string[] = ['blurry'];
    for (const change of [...changes.filter((c) => c.itemId === 'a'), ...invertChanges(changes)])
      if (change.itemId === 'a') categories = applyChange(categories, change);
    expect(categories).toEqual(['blurry']);
  });

  it('applies a change without duplicating a category', () => {
    expect(applyChange(['x'], { itemId: 'a', categoryId: 'x', on: true })).toEqual(['x']);
    expect(applyChange(['x', 'y'], { itemId: 'a', categoryId: 'x', on: false })).toEqual(['y']);
  });
});

describe('grid movement and ranges', () => {
  it('moves by cells and rows, clamped to the grid', () => {
    expect(moveIndex(0, 'left', 5, 12)).toBe(0);
    expect(moveIndex(4, 'right', 5, 12)).toBe(5);
    expect(moveIndex(8, 'down', 5, 12)).toBe(11);
    expect(moveIndex(3, 'up', 5, 12)).toBe(0);
    expect(moveIndex(3, 'end', 5, 12)).toBe(11);
    expect(moveIndex(7, 'home', 5, 12)).toBe(0);
    expect(moveIndex(0, 'pageDown', 5, 100, 3)).toBe(15);
    expect(moveIndex(0, 'right', 5, 0)).toBe(0);
  });

  it('spans a range in either direction', () => {
    expect(indexRange(2, 5)).toEqual([2, 3, 4, 5]);
    expect(indexRange(5, 2)).toEqual([2, 3, 4, 5]);
    expect(indexRange(3, 3)).toEqual([3]);
  });
});

describe('chip ink', () => {
  it('parses hex colours and rejects others', () => {
    expect(parseHexColour('#fff')).toEqual([255, 255, 255]);
    expect(parseHexColour('#5aa9ff')).toEqual([90, 169, 255]);
    expect(parseHexColour('red')).toBeNull();
  });

  it('has the WCAG ratio of black on white, 21:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it('picks dark ink on light colours and light ink on dark ones, always at least 4.5:1 on these', () => {
    expect(readableInk('#f0b44c')).toBe(DARK_INK);
    expect(readableInk('#ffe066')).toBe(DARK_INK);
    expect(readableInk('#1f3a93')).toBe(LIGHT_INK);
    expect(readableInk('#7b2d26')).toBe(LIGHT_INK);
    for (const colour of ['#f0b44c', '#5aa9ff', '#c58cff', '#4fd1a5', '#ff6b6b', '#1f3a93', '#7b2d26'])
      expect(contrastRatio(colour, readableInk(colour))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('type-ahead over class names', () => {
  const classes = [
    'Ankle boot',
    'Bag',
    'Coat',
    'Dress',
    'Pullover',
    'Sandal',
    'Shirt',
    'Sneaker',
    'T-shirt/top',
    'Trouser',
  ];

  it('ranks prefix matches, then word starts, then substrings', () => {
    expect(typeAhead(classes, 'sh')).toEqual(['Shirt', 'T-shirt/top']);
    expect(typeAhead(classes, 'boot')).toEqual(['Ankle boot']);
    expect(typeAhead(classes, 'a')).toEqual(['Ankle boot', 'Bag', 'Coat', 'Sandal', 'Sneaker']);
    expect(typeAhead(classes, 'zz')).toEqual([]);
    expect(typeAhead(classes, '', 3)).toEqual(['Ankle boot', 'Bag', 'Coat']);
  });
});

describe('sample facets', () => {
  const items = [
    { given: 'Shirt', predicted: 'T-shirt/top' },
    { given: 'Shirt', predicted: 'T-shirt/top' },
    { given: 'Coat', predicted: 'Shirt' },
  ];

  it('counts confusion pairs, largest first', () => {
    expect(pairCounts(items)).toEqual([
      { given: 'Shirt', predicted: 'T-shirt/top', count: 2 },
      { given: 'Coat', predicted: 'Shirt', count: 1 },
    ]);
  });

  it('counts an item for its given and its predicted class', () => {
    expect(classCounts(items)).toEqual([
      ['Coat', 1],
      ['Shirt', 3],
      ['T-shirt/top', 2],
    ]);
  });
});
