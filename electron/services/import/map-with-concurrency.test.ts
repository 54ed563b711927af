import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency';

describe('mapWithConcurrency', () => {
  it('keeps results in input order whatever order the work finishes in', async () => {
    const inputs = [30, 5, 20, 1, 10, 0];
    const results = await mapWithConcurrency(inputs, 3, async (ms, index) => {
      await sleep(ms);
      return `${index}:${ms}`;
    });
    expect(results).toEqual(inputs.map((ms, index) => `${index}:${ms}`));
  });

  it('never runs more than the limit at once, and uses the limit', async () => {
    let running = 0;
    let peak = 0;
    await mapWithConcurrency(
      Array.from({ length: 20 }, (_, n) => n),
      4,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(2);
        running--;
      },
    );
    expect(peak).toBe(4);
  });

  it('handles an empty input and a limit above the input size', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    expect(await mapWithConcurrency([1, 2], 10, async (n) => n * 2)).toEqual([2, 4]);
  });

  it('stops starting work once the signal aborts and rejects with AbortError', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const promise = mapWithConcurrency(
      Array.from({ length: 50 }, (_, n) => n),
      2,
      async (n) => {
        started.push(n);
        if (n === 3) controller.abort();
        await sleep(1);
      },
      controller.signal,
    );
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(started.length).toBeLessThanOrEqual(5);
  });

  it('propagates the first failure of the work', async () => {
    await expect(
      mapWithConcurrency([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two failed');
        return n;
      }),
    ).rejects.toThrow('two failed');
  });
});
