/**
 * Run `work` over `inputs` with at most `limit` calls in flight, keeping results in input order.
 * sharp decodes on libuv's thread pool (4 threads by default), so 4 in flight keeps both cores busy
 * while the event loop stays free for the UI.
 */
export async function mapWithConcurrency<T, R>(
  inputs: readonly T[],
  limit: number,
  work: (input: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  async function runner(): Promise<void> {
    while (next < inputs.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await work(inputs[index]!, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, runner));
  return results;
}
