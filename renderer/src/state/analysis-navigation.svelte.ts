import { appState } from './app-state.svelte';

/**
 * A request from the Ceiling tab to the Analyze tab: "show this sample's items of this confusion pair".
 *
 * Interface for the Analyze screen (5-UI): read `analysisNavigation.request` in an `$effect`; when it is
 * not null, open `sampleId` (when given; else keep the open sample, or pick the newest of `runId`), set
 * the confusion-pair filter to `given → predicted`, then call `analysisNavigation.take()` so it applies
 * once. `at` changes on every click, so clicking the same cell twice asks again.
 */
export interface PairRequest {
  /** The sample the Ceiling tab shows (its run is the one the confusion was computed for), or null. */
  sampleId: string | null;
  runId: string;
  given: string;
  predicted: string;
  at: number;
}

/** The id of the Analyze tab in screens.ts. */
export const ANALYZE_SCREEN_ID = 'analysis';

class AnalysisNavigation {
  request = $state<PairRequest | null>(null);

  /** Ask the Analyze tab for a pair's items and switch to it. */
  showPair(pair: Omit<PairRequest, 'at'>): void {
    this.request = { ...pair, at: Date.now() };
    appState.screen = ANALYZE_SCREEN_ID;
  }

  /** The pending request, cleared: the Analyze tab calls this once it has applied it. */
  take(): PairRequest | null {
    const request = this.request;
    this.request = null;
    return request;
  }
}

export const analysisNavigation = new AnalysisNavigation();
