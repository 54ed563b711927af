/** Splits as DESIGN §1 names them. Kept free of zod so the renderer can import it cheaply. */
export const SPLITS = ['train', 'train-dev', 'dev', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];
