import { openImage } from '../../images/open-image';

/**
 * Decode one encoded image into `width × height × channels` bytes (HWC) with sharp: EXIF orientation
 * applied, transparency flattened onto black, stretched to the input size (`fit: 'fill'`, as Keras'
 * `image_dataset_from_directory` does: no crop loses an object at the border), greyscale or sRGB.
 */
export async function decodeToInput(
  encoded: Uint8Array,
  input: { width: number; height: number; channels: 1 | 3 },
): Promise<Uint8Array> {
  let image = openImage(encoded)
    .autoOrient()
    .flatten({ background: { r: 0, g: 0, b: 0 } })
    .resize(input.width, input.height, { fit: 'fill' });
  image = input.channels === 1 ? image.greyscale().toColourspace('b-w') : image.toColourspace('srgb');
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  if (info.channels === input.channels) return data;
  // libvips may keep an extra band (e.g. greyscale + alpha): keep the first `channels` of each pixel
  const out = new Uint8Array(input.width * input.height * input.channels);
  for (let pixel = 0; pixel < input.width * input.height; pixel++)
    for (let c = 0; c < input.channels; c++)
      out[pixel * input.channels + c] = data[pixel * info.channels + c]!;
  return out;
}
