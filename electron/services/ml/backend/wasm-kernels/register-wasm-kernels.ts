import type { KernelConfig } from '@tensorflow/tfjs';
import {
  BatchMatMul,
  Conv2DBackpropInput,
  findBackend,
  getKernel,
  Tile,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-backprop-input';
import { tileConfig } from './tile';

/**
 * Ceiling's kernels for the wasm backend, each built from stock wasm kernels (docs/decisions.md,
 * "ML backends", says why each one):
 *  - added, because tfjs-backend-wasm 4.22 lacks them and CNN training needs them:
 *    Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput;
 *  - replaced, because the stock one is slow: Conv2DBackpropInput (scalar loop → XNNPACK convolution),
 *    BatchMatMul with a transposed operand (scalar loop → transpose + XNNPACK), Tile that only broadcasts
 *    (per-element index arithmetic → Fill + XNNPACK's broadcasting Add).
 */
const ADDED: ReadonlyArray<(stock: ReadonlyMap<string, KernelConfig>) => KernelConfig> = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
];
const REPLACED: ReadonlyArray<[string, (stock: ReadonlyMap<string, KernelConfig>) => KernelConfig]> = [
  [Conv2DBackpropInput, conv2dBackpropInputConfig],
  [BatchMatMul, batchMatMulConfig],
  [Tile, tileConfig],
];

/**
 * The stock configs of the kernels Ceiling replaced, kept for the composed kernels and the benchmark,
 * and the mark on Ceiling's own configs. Both live on `globalThis`, like tfjs's kernel registry itself:
 * a second copy of this module (vitest isolates modules per test file; tfjs stays one instance) must not
 * mistake Ceiling's kernels for stock ones.
 */
const OURS = Symbol.for('ceiling.wasmKernel');
const STOCK = Symbol.for('ceiling.stockWasmKernels');
const globalSlots = globalThis as { [STOCK]?: Map<string, KernelConfig> };
const stockKernels: Map<string, KernelConfig> = (globalSlots[STOCK] ??= new Map());
const isOurs = (config: KernelConfig | undefined): boolean => Boolean(config && OURS in config);

export interface WasmKernelRegistration {
  /** Kernels wasm lacked, now registered. */
  added: string[];
  /** Stock kernels replaced by faster compositions. */
  replaced: string[];
  /** Kernels Ceiling would add that this tfjs version already has: the stock one is kept. */
  alreadyStock: string[];
}

/**
 * Registers Ceiling's wasm kernels. Call after `@tensorflow/tfjs-backend-wasm` is imported (it registers
 * the stock kernels at import) and before or after `setBackend('wasm')` (replaced kernels keep the stock
 * `setupFunc`, which binds the wasm function they call). Idempotent.
 */
export function registerWasmTrainingKernels(): WasmKernelRegistration {
  const registration: WasmKernelRegistration = { added: [], replaced: [], alreadyStock: [] };
  for (const [kernelName, makeConfig] of REPLACED) {
    const current = getKernel(kernelName, 'wasm');
    if (isOurs(current)) {
      registration.replaced.push(kernelName);
      continue;
    }
    if (current) {
      stockKernels.set(kernelName, current);
      unregisterKernel(kernelName, 'wasm');
    }
    register(makeConfig(stockKernels));
    registration.replaced.push(kernelName);
  }
  for (const makeConfig of ADDED) {
    const config = makeConfig(stockKernels);
    const current = getKernel(config.kernelName, 'wasm');
    if (current && !isOurs(current)) {
      registration.alreadyStock.push(config.kernelName);
      continue;
    }
    if (!current) register(config);
    registration.added.push(config.kernelName);
  }
  return registration;
}

function register(config: KernelConfig): void {
  registerKernel(Object.assign(config, { [OURS]: true }));
}

/**
 * Puts the stock kernel back for a while (the benchmark compares both in one run); returns the function
 * that restores Ceiling's. Only for kernels Ceiling replaced.
 */
export function useStockWasmKernel(kernelName: string): () => void {
  const stock = stockKernels.get(kernelName);
  const current = getKernel(kernelName, 'wasm');
  if (!stock || !current) throw new Error(`Ceiling did not replace the wasm kernel '${kernelName}'`);
  unregisterKernel(kernelName, 'wasm');
  registerKernel(stock);
  // The stock kernel binds its wasm function in setupFunc, which tfjs runs at setBackend: Ceiling's
  // replacement was registered by then, so bind it now.
  const wasmBackend = findBackend('wasm');
  if (stock.setupFunc && wasmBackend) stock.setupFunc(wasmBackend);
  return () => {
    unregisterKernel(kernelName, 'wasm');
    registerKernel(current);
  };
}
