import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../storage/atomic-write';
import type { TensorFlow } from '../backend/init-tensorflow';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/**
 * A `tf.io` handler that saves a model to a folder as `model.json` + `weights.bin` (the layout
 * `tf.loadLayersModel` reads over HTTP) and loads it back. tfjs-node's `file://` handler does not exist
 * on wasm/cpu, so Ceiling writes the two files itself, each atomically, weights first: a model.json
 * present means its weights are complete.
 */
export function modelFolderHandler(tf: TensorFlow, folder: string): io.IOHandler {
  return {
    async save(artifacts) {
      const weights = artifacts.weightData
        ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData))
        : new Uint8Array(0);
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
        convertedBy: null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      await writeFileAtomic(join(folder, WEIGHTS_FILE), weights);
      await writeFileAtomic(join(folder, MODEL_FILE), JSON.stringify(modelJson));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load() {
      const modelJson = JSON.parse(await readFile(join(folder, MODEL_FILE), 'utf8')) as io.ModelJSON;
      const weights = await readFile(join(folder, WEIGHTS_FILE));
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        trainingConfig: modelJson.trainingConfig,
        weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      };
    },
  };
}
