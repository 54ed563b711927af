import type { Category, PresetKey } from './category-schemas';

/**
 * The seed's error-analysis categories (its Zomato example: blurry, multiple objects, unusual
 * presentation, mislabeled, rare class), in hotkey order. The id is the preset key, so a renamed preset
 * keeps it; colours are distinct on light and dark backgrounds.
 */
export const PRESET_CATEGORIES: readonly Category[] = [
  { id: 'blurry', name: 'Blurry / low quality', colour: '#e4572e', preset: 'blurry' },
  { id: 'multiple-objects', name: 'Multiple objects', colour: '#f3a712', preset: 'multiple-objects' },
  {
    id: 'unusual-presentation',
    name: 'Unusual presentation',
    colour: '#4c86c6',
    preset: 'unusual-presentation',
  },
  { id: 'mislabeled', name: 'Mislabeled', colour: '#a23b72', preset: 'mislabeled' },
  { id: 'rare-class', name: 'Rare class', colour: '#3bb273', preset: 'rare-class' },
];

/** Colours handed to the user's own categories in turn (after the presets'). */
export const EXTRA_COLOURS = [
  '#7e57c2',
  '#00897b',
  '#d81b60',
  '#6d4c41',
  '#546e7a',
  '#c0ca33',
  '#26a69a',
  '#ef6c00',
];

export const MISLABELED_PRESET: PresetKey = 'mislabeled';

/** Hotkeys 1–9 are the first nine categories in order. */
export function hotkeyOf(index: number): number | null {
  return index < 9 ? index + 1 : null;
}
