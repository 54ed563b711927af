/**
 * The learning-rate range test (Leslie N. Smith, "Cyclical Learning Rates for Training Neural Networks",
 * WACV 2017, §3.3), as fastai's `Learner.lr_find` (`fastai/callback/schedule.py`, `LRFinder`; the smoothing
 * is `fastai/learner.py`'s `AvgSmoothLoss`): train on successive batches while the learning rate grows
 * exponentially, record the smoothed loss, stop when it diverges. The caller restores the weights after.
 */
export interface LrFinderOptions {
  /** fastai: 1e-7. */
  startLr?: number;
  /** fastai: 10. */
  endLr?: number;
  /** Batches in the sweep (fastai `num_it`: 100; at least 6). */
  iterations?: number;
  /** EMA factor of the loss (fastai `AvgSmoothLoss(beta=0.98)`). */
  beta?: number;
  /** Stop once the smoothed loss exceeds this many times the best (fastai: 4). */
  divergenceFactor?: number;
  /** fastai `stop_div`: stop on divergence (true). */
  stopOnDivergence?: boolean;
}

const DEFAULTS = {
  startLr: 1e-7,
  endLr: 10,
  iterations: 100,
  beta: 0.98,
  divergenceFactor: 4,
  stopOnDivergence: true,
};

function resolved(options: LrFinderOptions) {
  const o = { ...DEFAULTS, ...options };
  if (!(o.startLr > 0 && o.endLr > o.startLr)) throw new RangeError('the sweep needs 0 < startLr < endLr');
  return { ...o, iterations: Math.max(6, Math.floor(o.iterations)) };
}

/**
 * The learning rate of batch i (0-based): lr_i = start · (end/start)^(i / iterations) — fastai's
 * `SchedExp` at pos = train_iter / num_it, so the last of the `iterations` batches runs just below `end`.
 */
export function lrFinderRate(iteration: number, options: LrFinderOptions = {}): number {
  const { startLr, endLr, iterations } = resolved(options);
  return startLr * (endLr / startLr) ** (iteration / iterations);
}

export type LrFinderStatus = 'running' | 'diverged' | 'done' | 'not-a-number';

/**
 * One sweep's state, fed one batch loss at a time. The smoothed loss is the bias-corrected exponential
 * moving average
 *
 *     a_t = β·a_{t−1} + (1 − β)·loss_t,   a_0 = 0,     smoothed_t = a_t / (1 − β^t)
 *
 * (fastai `AvgSmoothLoss`; Kingma & Ba's bias correction). Every batch's lr and smoothed loss are
 * recorded (fastai's `Recorder` runs before `LRFinder.after_batch`), then the sweep stops when the
 * smoothed loss exceeds 4 × the best smoothed loss so far, or after `iterations` batches; a NaN loss
 * stops it too (fastai then drops the points from the first NaN on).
 */
export class LrFinder {
  readonly lrs: number[] = [];
  readonly losses: number[] = [];
  status: LrFinderStatus = 'running';
  private average = 0;
  private best = Infinity;
  private readonly options: ReturnType<typeof resolved>;

  constructor(options: LrFinderOptions = {}) {
    this.options = resolved(options);
  }

  /** The learning rate for the next batch, or null once the sweep has stopped. */
  nextLearningRate(): number | null {
    return this.status === 'running' ? lrFinderRate(this.lrs.length, this.options) : null;
  }

  /** Records the loss of the batch run at `nextLearningRate()`; returns the status after it. */
  record(loss: number): LrFinderStatus {
    if (this.status !== 'running') return this.status;
    const { beta, divergenceFactor, stopOnDivergence, iterations } = this.options;
    const lr = lrFinderRate(this.lrs.length, this.options);
    this.average = beta * this.average + (1 - beta) * loss;
    const smoothed = this.average / (1 - beta ** (this.lrs.length + 1));
    this.lrs.push(lr);
    this.losses.push(smoothed);
    if (Number.isNaN(smoothed)) return (this.status = 'not-a-number');
    if (smoothed < this.best) this.best = smoothed;
    if (stopOnDivergence && smoothed > divergenceFactor * this.best) return (this.status = 'diverged');
    if (this.lrs.length >= iterations) return (this.status = 'done');
    return this.status;
  }
}

/** Runs a whole sweep against a loss function of (lr, batch index): for synthetic curves and benches. */
export function runLrFinder(
  lossAt: (lr: number, iteration: number) => number,
  options: LrFinderOptions = {},
): LrFinder {
  const finder = new LrFinder(options);
  for (let lr = finder.nextLearningRate(); lr !== null; lr = finder.nextLearningRate()) {
    finder.record(lossAt(lr, finder.lrs.length));
  }
  return finder;
}
