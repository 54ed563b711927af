import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BackendInfo } from '../../../shared/backend';

const requireFromHere = createRequire(import.meta.url);
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
const WASM_BINARY = '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
const NATIVE_ADVICE =
  'Installing @tensorflow/tfjs-node (needs a machine that can download libtensorflow; inside Electron, rebuild it with @electron/rebuild) ' +
  'runs training on native TensorFlow: typically several times faster than wasm for CNNs.';

let cached: BackendInfo | null = null;

/**
 * Which TF.js backend training would run on, in DESIGN §5's order: native TensorFlow when the optional
 * `@tensorflow/tfjs-node` loads, else wasm (SIMD) when its binary ships, else the plain JS cpu backend.
 * The probe loads the native binding for real, since an installed package without libtensorflow fails
 * only when loaded. The answer is cached for the process.
 */
export function probeBackend(): BackendInfo {
  if (cached) return cached;
  let nativeProblem: string;
  try {
    requireFromHere(NATIVE_PACKAGE); // a variable-free literal is fine: it is external to the bundle
    cached = { name: 'tensorflow', reason: 'the native TensorFlow binding (tfjs-node) loaded', advice: null };
    return cached;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    nativeProblem =
      code === 'MODULE_NOT_FOUND'
        ? `${NATIVE_PACKAGE} is not installed (its install needs to download libtensorflow)`
        : `${NATIVE_PACKAGE} did not load (${String((error as Error).message).split('\n')[0]})`;
  }
  let wasmPath: string | null;
  try {
    wasmPath = requireFromHere.resolve(WASM_BINARY);
  } catch {
    wasmPath = null;
  }
  if (wasmPath && existsSync(wasmPath)) {
    cached = {
      name: 'wasm',
      reason: `${nativeProblem}; the WebAssembly (SIMD) backend ships with Ceiling`,
      advice: NATIVE_ADVICE,
    };
  } else {
    cached = {
      name: 'cpu',
      reason: `${nativeProblem}, and the wasm backend's binary is missing: only the slow JavaScript backend is left`,
      advice: `Reinstall Ceiling's dependencies (npm ci) to get the wasm backend back. ${NATIVE_ADVICE}`,
    };
  }
  return cached;
}
