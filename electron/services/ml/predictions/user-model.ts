import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { ApiFailure } from '../../../../shared/result';
import type { InputShape } from '../../../../shared/training/training-config';

export type UserModelFormat = 'layers' | 'graph';

export interface UserModelInfo {
  format: UserModelFormat;
  /** The model's input shape without the batch dimension, as model.json declares it. */
  modelInput: number[];
  /** The image size to decode the split at: from the input shape. */
  input: InputShape;
}

interface LayerJson {
  class_name?: string;
  name?: string;
  config?: { batch_input_shape?: (number | null)[]; batchInputShape?: (number | null)[]; name?: string };
}

/**
 * Reads a TF.js model folder's model.json (no TF.js needed): a layers model (Keras topology) or a graph
 * model (a converted SavedModel: `Placeholder` nodes), and its input shape. The image size follows from
 * it: [H, W, C] → H × W × C; [H, W] → greyscale; [N] with N a square → √N × √N greyscale (a flattened MLP).
 */
export async function readUserModel(folder: string): Promise<UserModelInfo> {
  let json: io.ModelJSON;
  try {
    json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as io.ModelJSON;
  } catch (error) {
    throw new ApiFailure(
      'not_found',
      `${folder} has no readable model.json (a TF.js layers or graph model): ${(error as Error).message}`,
    );
  }
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (!topology || !Array.isArray(json.weightsManifest))
    throw new ApiFailure(
      'invalid_input',
      `${join(folder, 'model.json')} is not a TF.js model (no topology or weights manifest).`,
    );
  const graph = json.format === 'graph-model' || Array.isArray(topology['node']);
  const shape = graph ? graphInput(topology) : layersInput(topology);
  if (!shape) throw new ApiFailure('invalid_input', `Cannot read the input shape of the model in ${folder}.`);
  return { format: graph ? 'graph' : 'layers', modelInput: shape, input: toInputShape(shape, folder) };
}

function layersInput(topology: Record<string, unknown>): number[] | null {
  const model = (topology['model_config'] ?? topology) as { config?: unknown };
  const config = model.config as
    { layers?: LayerJson[]; input_layers?: [string, ...unknown[]][] } | LayerJson[];
  const layers = Array.isArray(config) ? config : (config?.layers ?? []);
  let layer: LayerJson | undefined = layers[0];
  if (!Array.isArray(config) && config?.input_layers?.[0]) {
    const name = config.input_layers[0][0];
    layer = layers.find((candidate) => (candidate.name ?? candidate.config?.name) === name) ?? layer;
  }
  const shape = layer?.config?.batch_input_shape ?? layer?.config?.batchInputShape;
  return shape ? shape.slice(1).map((dim) => dim ?? -1) : null;
}

function graphInput(topology: Record<string, unknown>): number[] | null {
  const nodes = topology['node'] as {
    op?: string;
    attr?: { shape?: { shape?: { dim?: { size?: string }[] } } };
  }[];
  const placeholder = nodes.find((node) => node.op === 'Placeholder');
  const dims = placeholder?.attr?.shape?.shape?.dim;
  return dims ? dims.slice(1).map((dim) => Number(dim.size ?? -1)) : null;
}

function toInputShape(shape: number[], folder: string): InputShape {
  const bad = () =>
    new ApiFailure(
      'invalid_input',
      `The model in ${folder} takes input [${shape.join(', ')}]: Ceiling feeds images as [height, width, 1 or 3].`,
    );
  if (shape.some((dim) => dim <= 0)) throw bad();
  const side = Math.sqrt(shape[0]!);
  const [height, width, channels] =
    shape.length === 3
      ? (shape as [number, number, number])
      : shape.length === 2
        ? [shape[0]!, shape[1]!, 1]
        : shape.length === 1 && Number.isInteger(side)
          ? [side, side, 1]
          : [0, 0, 0];
  if (height === 0) throw bad();
  if (channels !== 1 && channels !== 3) throw bad();
  if (height < 8 || width < 8 || height > 512 || width > 512) throw bad();
  return { width, height, channels: channels as 1 | 3 };
}

/**
 * A `tf.io` handler that loads a user's model folder: model.json and every weight shard its manifest
 * names, in order (converters write several `group1-shard1of2.bin` files).
 */
export function userModelHandler(folder: string): io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as io.ModelJSON;
      const shards: Buffer[] = [];
      for (const group of json.weightsManifest)
        for (const path of group.paths) shards.push(await readFile(join(folder, path)));
      const weights = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      };
    },
  };
}
