import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BatchMatMul } from '@tensorflow/tfjs';
import { WasmOps, type WasmBackendLike } from './wasm-ops';

/**
 * BatchMatMul with a transposed operand, done as "transpose first, then the stock kernel without
 * transposes". tfjs-backend-wasm's BatchMatMul runs XNNPACK's fast fully-connected path only when
 * neither operand is transposed and falls back to a scalar loop otherwise; training hits the transposed
 * cases in every dense layer's backward pass (dW = xᵀ·dy, dx = dy·Wᵀ). Transposing costs one copy of the
 * operand; DESIGN §9 measured an MLP epoch going from ~40 s to ~15 s.
 *
 *   a·bᵀ = a·transpose(b, swap last two axes), likewise for aᵀ
 */
export function batchMatMulTransposingFirst(
  args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: WasmBackendLike; attrs: BatchMatMulAttrs },
  stockKernels: ReadonlyMap<string, KernelConfig>,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { transposeA, transposeB } = attrs;
  const ops = new WasmOps(backend, stockKernels);
  try {
    const a = transposeA ? ops.transpose(inputs.a, swapLastTwoAxes(inputs.a.shape.length)) : inputs.a;
    const b = transposeB ? ops.transpose(inputs.b, swapLastTwoAxes(inputs.b.shape.length)) : inputs.b;
    return ops.keep(ops.run(BatchMatMul, { a, b }, { transposeA: false, transposeB: false }));
  } finally {
    ops.disposeIntermediates();
  }
}

function swapLastTwoAxes(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, axis) => axis);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** Wraps the stock config: same setup (the stock kernel's wasm function binding), transposes first. */
export function batchMatMulConfig(stockKernels: ReadonlyMap<string, KernelConfig>): KernelConfig {
  const stock = stockKernels.get(BatchMatMul);
  if (!stock) throw new Error("tfjs-backend-wasm has no 'BatchMatMul' kernel to wrap");
  return {
    kernelName: BatchMatMul,
    backendName: 'wasm',
    ...(stock.setupFunc ? { setupFunc: stock.setupFunc } : {}),
    ...(stock.disposeFunc ? { disposeFunc: stock.disposeFunc } : {}),
    kernelFunc: ((args) => {
      const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
      if (!transposeA && !transposeB) return stock.kernelFunc(args);
      return batchMatMulTransposingFirst(args as never, stockKernels);
    }) as KernelFunc,
  };
}
