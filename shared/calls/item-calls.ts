import { z } from 'zod';
import {
  FacetsQuerySchema,
  FacetsSchema,
  ItemIdSchema,
  ItemPageSchema,
  ItemPredictionSchema,
  ItemQuerySchema,
  ItemSchema,
  ModelRunIdSchema,
} from '../items';
import { defineCall } from './define-call';

export const itemCalls = {
  'items.query': defineCall(
    ItemQuerySchema,
    ItemPageSchema,
    'A page of items matching a filter, in path order.',
  ),
  'items.facets': defineCall(
    FacetsQuerySchema,
    FacetsSchema,
    'Item counts per label, source and split; with a run, per predicted class and correctness too.',
  ),
  'items.get': defineCall(z.object({ id: ItemIdSchema }), ItemSchema, 'One item with all its fields.'),
  'items.prediction': defineCall(
    z.object({ id: ItemIdSchema, run: ModelRunIdSchema }),
    ItemPredictionSchema.nullable(),
    "One item's prediction in a model run with its top-3 probabilities; null when the run did not predict it.",
  ),
} as const;
