import type { BackendInfo } from '../../../shared/backend';
import {
  describeNativeProblem,
  NATIVE_ADVICE,
  requireNativeTensorFlow,
  wasmBinaryFolder,
} from './backend/backend-packages';
import { runningBackend } from './backend/running-backend';

let cached: BackendInfo | null = null;

/**
 * Which TF.js backend training would run on, in DESIGN §5's order: native TensorFlow when the optional
 * `@tensorflow/tfjs-node` loads, else wasm (SIMD) when its binary ships, else the plain JS cpu backend.
 * Once TF.js has really been initialised in this process (`initTensorFlow` in ./backend), its answer is
 * returned instead. The probe loads the native binding for real, since an installed package without
 * libtensorflow fails only when loaded; it never loads TF.js itself when tfjs-node is absent. The probed
 * answer is cached for the process.
 */
export function probeBackend(): BackendInfo {
  const running = runningBackend();
  if (running) return running;
  if (cached) return cached;
  let nativeProblem: string;
  try {
    requireNativeTensorFlow();
    cached = { name: 'tensorflow', reason: 'the native TensorFlow binding (tfjs-node) loaded', advice: null };
    return cached;
  } catch (error) {
    nativeProblem = describeNativeProblem(error);
  }
  if (wasmBinaryFolder()) {
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
