/** Files larger than this are refused before they are read (a 256 MiB image is surely a mistake). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Decoding more pixels than this (about 10,000 × 10,000) is refused: protects memory (sharp's limitInputPixels). */
export const MAX_INPUT_PIXELS = 100_000_000;
/** Longest side of a cached thumbnail; twice the grid cell so it stays sharp on HiDPI screens. */
export const THUMBNAIL_SIZE = 192;
