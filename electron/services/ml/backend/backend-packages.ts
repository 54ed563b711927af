import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';

/**
 * Where the TF.js backends live on disk. Resolution goes through `createRequire(import.meta.url)`, which
 * works from the sources (tsx, vitest) and from the bundled `out/main/*.js` alike: electron-vite keeps
 * the `@tensorflow/*` dependencies external, so both resolve to the same `node_modules`.
 * Nothing here loads TF.js.
 */
const requireFromHere = createRequire(import.meta.url);

export const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
/** The binary the wasm backend loads in Node (SIMD; Node gets no threads from tfjs). */
export const WASM_SIMD_BINARY = `${WASM_PACKAGE}/dist/tfjs-backend-wasm-simd.wasm`;

export const NATIVE_ADVICE =
  'Installing @tensorflow/tfjs-node (needs a machine that can download libtensorflow; inside Electron, rebuild it with @electron/rebuild) ' +
  'runs training on native TensorFlow: typically several times faster than wasm for CNNs.';

/**
 * Loads the native backend's package, which registers the 'tensorflow' backend and returns the full
 * tfjs API. Throws when it is absent or its binding does not load (no libtensorflow, wrong ABI).
 */
export function requireNativeTensorFlow(): unknown {
  return requireFromHere(NATIVE_PACKAGE); // a literal name: it stays external to the bundle
}

/** One line on why the native package is not usable. */
export function describeNativeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'MODULE_NOT_FOUND'
    ? `${NATIVE_PACKAGE} is not installed (its install needs to download libtensorflow)`
    : `${NATIVE_PACKAGE} did not load (${String((error as Error)?.message ?? error).split('\n')[0]})`;
}

/**
 * The folder holding the wasm backend's `.wasm` files, with a trailing separator, as `setWasmPaths`
 * wants it (it appends the file name); null when the binary is missing.
 */
export function wasmBinaryFolder(): string | null {
  let binary: string;
  try {
    binary = requireFromHere.resolve(WASM_SIMD_BINARY);
  } catch {
    return null;
  }
  return existsSync(binary) ? dirname(binary) + sep : null;
}
