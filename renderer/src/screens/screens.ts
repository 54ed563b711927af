import type { Component } from 'svelte';
import BrowseScreen from './BrowseScreen.svelte';
import SplitScreen from './SplitScreen.svelte';
import TrainScreen from './TrainScreen.svelte';
import LrFinderScreen from './LrFinderScreen.svelte';
import TuneScreen from './TuneScreen.svelte';
import DecomposeScreen from './DecomposeScreen.svelte';
import AnalyzeScreen from './AnalyzeScreen.svelte';
import CeilingScreen from './CeilingScreen.svelte';
import CleanupScreen from './CleanupScreen.svelte';

/**
 * The screens of an open project, in the order of the workflow (DESIGN §1), shown as tabs in the top
 * bar. A feature adds its screen here: one entry, one component.
 */
export interface ScreenEntry {
  id: string;
  title: string;
  /** One line shown as the tab's tooltip. */
  hint: string;
  component: Component;
}

export const SCREENS: ScreenEntry[] = [
  { id: 'browse', title: 'Browse', hint: 'All items: thumbnails, filters, details', component: BrowseScreen },
  {
    id: 'split',
    title: 'Split',
    hint: 'Train / train-dev / dev / test by the rules, with the leakage gate; freeze and export',
    component: SplitScreen,
  },
  {
    id: 'train',
    title: 'Train',
    hint: 'Train a built-in MLP or CNN on the frozen split; live curves, the runs, compare two',
    component: TrainScreen,
  },
  {
    id: 'lr-finder',
    title: 'LR finder',
    hint: 'Learning-rate range test on the Train config: loss vs rate, valley and steepest suggestions',
    component: LrFinderScreen,
  },
  {
    id: 'decompose',
    title: 'Decompose',
    hint: 'Error decomposition: avoidable bias, variance, data mismatch, dev overfitting',
    component: DecomposeScreen,
  },
  {
    id: 'analysis',
    title: 'Analyze',
    hint: "Tag a seeded sample of a run's dev errors at keyboard speed: categories, notes, corrected labels",
    component: AnalyzeScreen,
  },
  {
    id: 'ceiling',
    title: 'Ceiling',
    hint: 'The ceiling table of a tagged sample, confusion pairs, is a difference real, eyeball / blackbox dev',
    component: CeilingScreen,
  },
  {
    id: 'cleanup',
    title: 'Clean labels',
    hint: 'Review suspected label errors in dev and test alike; an append-only fix log with undo; export',
    component: CleanupScreen,
  },
  {
    id: 'tune',
    title: 'Tune',
    hint: 'Hyperparameter search: a space on the right scales, random / grid / coarse-to-fine / TPE, pruning, results',
    component: TuneScreen,
  },
];
