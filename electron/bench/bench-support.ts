import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What every bench shares: its entry in the list, a memory sampler, timing and plain-text tables. */

export interface Bench {
  name: string;
  summary: string;
  /** Runs the bench with the arguments after its name; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

export const MIB = 2 ** 20;

/**
 * Samples `process.memoryUsage().rss` every `intervalMs` while a phase runs and keeps its peak.
 * A busy event loop delays samples, so the phase's first and last moments are sampled too. RSS is
 * process-wide and rarely shrinks, so a phase's peak includes whatever earlier phases left behind.
 */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 50) {}

  start(): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling and returns the phase's peak RSS in bytes. */
  stop(): number {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peak;
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
}

export interface Measured<T> {
  value: T;
  /** Wall-clock seconds. */
  seconds: number;
  /**
   * Process CPU seconds (user + system, all threads: the event loop, libuv's pool, libvips). Less
   * sensitive than wall time to other programs competing for the CPUs, so a steadier comparison.
   */
  cpuSeconds: number;
  peakRss: number;
  /**
   * Event-loop delay while `work` ran (ms): how long a UI request would have waited for the process.
   * The import runs in the process that serves the UI, so this is what the user feels.
   */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Runs `work` once, timing it (wall clock and process CPU) and sampling RSS meanwhile. */
export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const sampler = new RssSampler();
  sampler.start();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    const value = await work();
    const seconds = (performance.now() - start) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    loop.disable();
    return {
      value,
      seconds,
      cpuSeconds: (user + system) / 1e6,
      peakRss: sampler.stop(),
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
    };
  } finally {
    sampler.stop();
    loop.disable();
  }
}

/** `process.resourceUsage().maxRSS` (KiB on every platform Node supports) in bytes. */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export const mib = (bytes: number): string => (bytes / MIB).toFixed(1);

/** Left-aligned first column, right-aligned others: a table that reads in a terminal and a CI log. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function header(title: string): string {
  const rule = '='.repeat(Math.max(60, title.length + 6));
  return `${rule}\n== ${title}\n${rule}`;
}
