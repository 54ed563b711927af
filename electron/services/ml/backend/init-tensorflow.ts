import type * as TensorFlowModule from '@tensorflow/tfjs';
import type { BackendInfo } from '../../../../shared/backend';
import {
  describeNativeProblem,
  NATIVE_ADVICE,
  NATIVE_PACKAGE,
  requireNativeTensorFlow,
  wasmBinaryFolder,
} from './backend-packages';
import { setRunningBackend } from './running-backend';
import { removeListenersAddedSince, snapshotProcessListeners } from './wasm-process-handlers';
import type { WasmKernelRegistration } from './wasm-kernels/register-wasm-kernels';

export type TensorFlow = typeof TensorFlowModule;

/** Which backend runs, why, and what was tried before it. */
export interface RunningBackendInfo extends BackendInfo {
  /** Why each backend before this one was not used, in DESIGN §5's order (empty when the first one runs). */
  problems: string[];
  /** wasm only: whether the SIMD binary runs (null on other backends). */
  simd: boolean | null;
  /** wasm only: the kernels Ceiling registered (null on other backends). */
  wasmKernels: WasmKernelRegistration | null;
  /** wasm only: process listeners the Emscripten glue installed and Ceiling removed (wasm-process-handlers.ts). */
  removedProcessListeners: number;
}

export interface TensorFlowRuntime {
  /** The TF.js API, bound to the running backend (tfjs-node's module when native runs). */
  tf: TensorFlow;
  backend: RunningBackendInfo;
}

let loading: Promise<TensorFlowRuntime> | null = null;

/**
 * Loads TF.js and initialises its backend in DESIGN §5's order — native `@tensorflow/tfjs-node` when it
 * loads, else `@tensorflow/tfjs-backend-wasm` (SIMD) with Ceiling's training kernels, else the plain JS
 * cpu backend — and says which one runs and why. Never falls back silently: every backend skipped is
 * named with its reason in `backend.reason` and `backend.problems`.
 *
 * TF.js is loaded here and nowhere at start-up (it is imported dynamically), so opening the app, the
 * import and the grid never pay for it. One initialisation per process (per worker thread); later calls
 * get the same runtime.
 */
export function initTensorFlow(): Promise<TensorFlowRuntime> {
  loading ??= initialise().catch((error: unknown) => {
    loading = null; // let a later call try again
    throw error;
  });
  return loading;
}

async function initialise(): Promise<TensorFlowRuntime> {
  const problems: string[] = [];
  const native = await tryNative(problems);
  if (native) return done(native);
  const tf = await import('@tensorflow/tfjs');
  const wasm = await tryWasm(tf, problems);
  if (wasm) return done(wasm);
  if (!(await tf.setBackend('cpu'))) throw new Error(`No TF.js backend initialised: ${problems.join('; ')}`);
  return done({
    tf,
    backend: {
      name: 'cpu',
      reason: `${problems.join('; ')}: only the slow JavaScript backend is left`,
      advice: `Reinstall Ceiling's dependencies (npm ci) to get the wasm backend back. ${NATIVE_ADVICE}`,
      problems,
      simd: null,
      wasmKernels: null,
      removedProcessListeners: 0,
    },
  });
}

function done(runtime: TensorFlowRuntime): TensorFlowRuntime {
  const { name, reason, advice } = runtime.backend;
  setRunningBackend({ name, reason, advice });
  return runtime;
}

async function tryNative(problems: string[]): Promise<TensorFlowRuntime | null> {
  let tf: TensorFlow;
  try {
    tf = requireNativeTensorFlow() as TensorFlow;
  } catch (error) {
    problems.push(describeNativeProblem(error));
    return null;
  }
  const { ok, warnings } = await setBackendCapturingWarnings(tf, 'tensorflow');
  if (!ok) {
    problems.push(
      `${NATIVE_PACKAGE} loaded but its backend did not initialise (${warnings || 'no reason given'})`,
    );
    return null;
  }
  return {
    tf,
    backend: {
      name: 'tensorflow',
      reason: 'the native TensorFlow binding (tfjs-node) loaded',
      advice: null,
      problems,
      simd: null,
      wasmKernels: null,
      removedProcessListeners: 0,
    },
  };
}

async function tryWasm(tf: TensorFlow, problems: string[]): Promise<TensorFlowRuntime | null> {
  const folder = wasmBinaryFolder();
  if (!folder) {
    problems.push("the wasm backend's binary (tfjs-backend-wasm-simd.wasm) is missing");
    return null;
  }
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(folder);
    const { registerWasmTrainingKernels } = await import('./wasm-kernels/register-wasm-kernels');
    const wasmKernels = registerWasmTrainingKernels();
    const listenersBefore = snapshotProcessListeners();
    let removedProcessListeners = 0;
    let started: { ok: boolean; warnings: string };
    try {
      started = await setBackendCapturingWarnings(tf, 'wasm');
    } finally {
      removedProcessListeners = removeListenersAddedSince(listenersBefore);
    }
    if (!started.ok) {
      problems.push(`the wasm backend did not initialise (${started.warnings || 'no reason given'})`);
      return null;
    }
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return {
      tf,
      backend: {
        name: 'wasm',
        reason: `${problems.join('; ')}; running on WebAssembly (${simd ? 'SIMD' : 'no SIMD'}), with Ceiling's training kernels`,
        advice: NATIVE_ADVICE,
        problems,
        simd,
        wasmKernels,
        removedProcessListeners,
      },
    };
  } catch (error) {
    problems.push(
      `the wasm backend did not initialise (${error instanceof Error ? error.message : String(error)})`,
    );
    return null;
  }
}

/**
 * `tf.setBackend` reports a failed initialisation only through `console.warn` and a `false`; capture the
 * warnings so the reason reaches the user instead of the console.
 */
async function setBackendCapturingWarnings(
  tf: TensorFlow,
  name: string,
): Promise<{ ok: boolean; warnings: string }> {
  const warnings: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' ').split('\n')[0] ?? '');
  };
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { ok, warnings: warnings.join('; ') };
    await tf.ready();
    for (const warning of warnings) originalWarn(warning);
    return { ok, warnings: '' };
  } catch (error) {
    return {
      ok: false,
      warnings: [...warnings, error instanceof Error ? error.message : String(error)].join('; '),
    };
  } finally {
    console.warn = originalWarn;
  }
}
